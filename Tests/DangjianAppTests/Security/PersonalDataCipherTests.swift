import Foundation
import Testing
@testable import DangjianApp

@Suite("Sealing personal data")
struct PersonalDataCipherTests {
    static let cipher = PersonalDataCipher(masterKey: Data(repeating: 7, count: 32))

    /// The twelve-byte nonce in front of a sealed value.
    static func nonce(_ sealed: String) throws -> Data {
        let combined = try #require(Data(base64Encoded: String(sealed.dropFirst(PersonalDataCipher.version.count))))
        return combined.prefix(12)
    }

    @Test("a sealed number opens with the same key only; sealing it twice gives two different values")
    func roundTrip() throws {
        let number = "110105194912310021"
        let first = try Self.cipher.seal(number)
        let second = try Self.cipher.seal(number)
        #expect(first != second && !first.contains(number))
        #expect(try Self.cipher.open(first) == number && Self.cipher.open(second) == number)
        let other = PersonalDataCipher(masterKey: Data(repeating: 8, count: 32))
        #expect(throws: (any Error).self) { try other.open(first) }
        #expect(Self.cipher.lookupHash(number) == Self.cipher.lookupHash(number))
    }

    @Test("no nonce repeats, from several tasks at once")
    func noncesNeverRepeat() async throws {
        let perTask = 2_000
        let sealed = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<3 {
                group.addTask { try (0..<perTask).map { try Self.cipher.seal("1380013\($0)") } }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        let nonces = try Set(sealed.map(Self.nonce))
        #expect(sealed.count == perTask * 3 && nonces.count == sealed.count)
    }
}
