import Crypto
import Foundation

/// Encrypts ID numbers and phones at rest (AES-256-GCM), computes the keyed hashes they are looked up by
/// (HMAC-SHA-256), and keys the audit chain. All three keys are derived from one master key.
public struct PersonalDataCipher: Sendable {
    private let encryptionKey: SymmetricKey
    private let lookupKey: SymmetricKey
    private let auditKey: SymmetricKey
    /// Keyed once: a copy of a keyed HMAC skips hashing the key again for every number (measured on an import).
    private let lookupMAC: HMAC<SHA256>
    private let auditMAC: HMAC<SHA256>
    /// A fingerprint of the master key that reveals nothing of it: a backup carries it, so that a restore can tell
    /// before writing anything whether the data key in place is the one its sealed values need.
    public let keyCheck: String
    /// Stored in front of every sealed value, so that a later key rotation can tell old values from new. `v2:` values
    /// carry their place (`SealContext`) as associated data; `v1:` ones, from before, are only opened to be sealed again.
    static let version = "v2:"
    static let legacyVersion = "v1:"

    public enum Problem: Error {
        case malformed
    }

    public init(masterKey: Data) {
        let master = SymmetricKey(data: masterKey)
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("dangjian \(purpose)".utf8), outputByteCount: 32)
        }
        self.encryptionKey = derive("personal data encryption")
        self.lookupKey = derive("personal data lookup")
        self.auditKey = derive("audit chain")
        self.lookupMAC = HMAC<SHA256>(key: lookupKey)
        self.auditMAC = HMAC<SHA256>(key: auditKey)
        self.keyCheck = Self.hex(HMAC<SHA256>.authenticationCode(for: Data("dangjian key check".utf8), using: derive("key check")).prefix(12))
    }

    /// Seals `plaintext` for the place it is written to: it opens only there.
    public func seal(_ plaintext: String, for context: SealContext) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: encryptionKey, authenticating: context.associatedData)
        guard let combined = box.combined else { throw Problem.malformed }
        return Self.version + combined.base64EncodedString()
    }

    /// Opens a value sealed for `context`; a value copied from another row or column fails.
    public func open(_ sealed: String, for context: SealContext) throws -> String {
        guard sealed.hasPrefix(Self.version), let data = Data(base64Encoded: String(sealed.dropFirst(Self.version.count))) else {
            throw Problem.malformed
        }
        let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: encryptionKey, authenticating: context.associatedData)
        guard let text = String(data: plaintext, encoding: .utf8) else { throw Problem.malformed }
        return text
    }

    /// A value sealed before places were bound (`v1:`), opened only by `SealUpgrade` to seal it again.
    func openLegacy(_ sealed: String) throws -> String {
        guard sealed.hasPrefix(Self.legacyVersion), let data = Data(base64Encoded: String(sealed.dropFirst(Self.legacyVersion.count))) else {
            throw Problem.malformed
        }
        let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: encryptionKey)
        guard let text = String(data: plaintext, encoding: .utf8) else { throw Problem.malformed }
        return text
    }

    /// How values were sealed before `SealContext` (kept for the upgrade's test).
    func sealLegacy(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: encryptionKey)
        guard let combined = box.combined else { throw Problem.malformed }
        return Self.legacyVersion + combined.base64EncodedString()
    }

    /// The value an equality search uses: the same for the same number, useless without the key.
    public func lookupHash(_ normalized: String) -> String {
        Self.mac(lookupMAC, normalized)
    }

    public func auditHash(_ text: String) -> String {
        Self.mac(auditMAC, text)
    }

    private static func mac(_ keyed: HMAC<SHA256>, _ text: String) -> String {
        var mac = keyed
        mac.update(data: Data(text.utf8))
        return hex(mac.finalize())
    }

    /// Lowercase hex. Written out by hand: `String(format:)` per byte costs more than the HMAC itself on Linux, and
    /// every sealed number needs two of these (measured with `seed-bench`).
    static func hex<D: Sequence<UInt8>>(_ bytes: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The master key: from the configuration, or the key file in the data directory, created on first start
    /// readable by the owner only.
    public static func masterKey(configured: Data?, dataDirectory: URL, creating: Bool = true) throws -> Data {
        if let configured { return configured }
        let directory = dataDirectory.appendingPathComponent("keys", isDirectory: true)
        let file = directory.appendingPathComponent("data.key")
        let manager = FileManager.default
        if let text = try? String(contentsOf: file, encoding: .utf8),
           let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 {
            return key
        }
        guard !manager.fileExists(atPath: file.path) else {
            throw AppConfiguration.Problems(messages: ["\(file.path) 不是有效的数据密钥；请从备份恢复该文件，切勿重新生成，否则已加密的数据将无法读取"])
        }
        guard creating else {
            throw AppConfiguration.Problems(messages: ["没有数据密钥 \(file.path)：恢复前请先把备份时另行保管的 data.key 复制到这里（或设置 DANGJIAN_DATA_KEY）"])
        }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        guard manager.createFile(atPath: file.path, contents: Data((key.base64EncodedString() + "\n").utf8),
                                 attributes: [.posixPermissions: 0o600]) else {
            throw AppConfiguration.Problems(messages: ["无法在 \(directory.path) 创建数据密钥文件"])
        }
        return key
    }
}

/// Where a sealed value is stored: table, column and row (its primary key, or for a dues assessment the member and
/// year that are its unique key). Sealed in as associated data, so a ciphertext swapped into another row or column
/// does not open.
public struct SealContext: Sendable, Hashable {
    public let table: String
    public let column: String
    public let row: String

    public init(_ table: String, _ column: String, row: some CustomStringConvertible) {
        self.table = table
        self.column = column
        self.row = row.description
    }

    var associatedData: Data { Data("\(table).\(column)#\(row)".utf8) }
}

/// Random tokens for sessions and CSRF: 32 bytes from the system's secure generator, base64url.
enum RandomToken {
    static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// How a token is stored: a SHA-256, so that a copy of the database does not yield live sessions.
    static func digest(_ token: String) -> String {
        PersonalDataCipher.hex(SHA256.hash(data: Data(token.utf8)))
    }
}
