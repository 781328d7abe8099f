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
        let place = SealContext.memberIDNumber(7)
        let first = try Self.cipher.seal(number, for: place)
        let second = try Self.cipher.seal(number, for: place)
        #expect(first != second && !first.contains(number))
        #expect(try Self.cipher.open(first, for: place) == number && Self.cipher.open(second, for: place) == number)
        let other = PersonalDataCipher(masterKey: Data(repeating: 8, count: 32))
        #expect(throws: (any Error).self) { try other.open(first, for: place) }
        #expect(Self.cipher.lookupHash(number) == Self.cipher.lookupHash(number))
    }

    @Test("no nonce repeats, from several tasks at once")
    func noncesNeverRepeat() async throws {
        let perTask = 2_000
        let sealed = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<3 {
                group.addTask { try (0..<perTask).map { try Self.cipher.seal("1380013\($0)", for: .memberPhone($0)) } }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        let nonces = try Set(sealed.map(Self.nonce))
        #expect(sealed.count == perTask * 3 && nonces.count == sealed.count)
    }

    @Test("a sealed value opens only in its own table, column and row")
    func boundToItsPlace() throws {
        let sealed = try Self.cipher.seal("110105194912310021", for: .memberIDNumber(7))
        for elsewhere in [SealContext.memberIDNumber(8), .memberPhone(7), .caseIDNumber(7), .duesBase(member: 7, year: 2026)] {
            #expect(throws: (any Error).self) { try Self.cipher.open(sealed, for: elsewhere) }
        }
        let legacy = try Self.cipher.sealLegacy("13800138000")
        #expect(throws: (any Error).self) { try Self.cipher.open(legacy, for: .memberPhone(7)) }
        #expect(try Self.cipher.openLegacy(legacy) == "13800138000")
    }
}
