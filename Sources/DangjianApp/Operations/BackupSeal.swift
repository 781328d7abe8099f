import _CryptoExtras
import Crypto
import Foundation

/// A backup sealed with a passphrase: every part is AES-256-GCM in chunks of 1 MiB under a key derived from the
/// passphrase with scrypt, so that a stolen backup without the passphrase reads nothing and a changed, reordered or
/// cut-off chunk does not open. Each chunk carries the part's name, its index and whether it is the last as associated
/// data; a part always ends with a chunk marked last (empty if need be), so a truncated part is refused.
struct BackupSeal: Sendable {
    /// How the passphrase became the key: written unsealed in `backup.json`, so that a restore can derive it again.
    struct Derivation: Codable, Sendable, Equatable {
        var function: String
        var salt: String
        var rounds: Int
        var blockSize: Int
        var parallelism: Int

        /// scrypt with N = 2¹⁵, r = 8, p = 1: 32 MiB and about a tenth of a second, once per backup or restore.
        static func fresh() -> Derivation {
            let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            return Derivation(function: "scrypt", salt: salt.base64EncodedString(), rounds: 1 << 15, blockSize: 8, parallelism: 1)
        }
    }

    enum Problem: Error, CustomStringConvertible {
        case emptyPassphrase
        case unsupported(String)
        case cannotOpen(part: String)
        case truncated(part: String)

        var description: String {
            switch self {
            case .emptyPassphrase: "备份口令不能为空"
            case .unsupported(let function): "备份使用了本版本不认识的口令算法 \(function)"
            case .cannotOpen(let part): "\(part) 无法解密：备份口令不对，或该文件已损坏"
            case .truncated(let part): "\(part) 不完整（文件被截断）"
            }
        }
    }

    static let chunkSize = 1 << 20
    private let key: SymmetricKey

    init(passphrase: String, derivation: Derivation) throws {
        guard !passphrase.isEmpty else { throw Problem.emptyPassphrase }
        guard derivation.function == "scrypt", let salt = Data(base64Encoded: derivation.salt),
              derivation.rounds >= 1 << 14, derivation.rounds <= 1 << 20, derivation.rounds & (derivation.rounds - 1) == 0,
              (1...32).contains(derivation.blockSize), (1...16).contains(derivation.parallelism) else {
            throw Problem.unsupported(derivation.function)
        }
        key = try KDF.Scrypt.deriveKey(from: Data(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: derivation.rounds,
                                       blockSize: derivation.blockSize, parallelism: derivation.parallelism)
    }

    private func associatedData(_ part: String, _ index: Int, last: Bool) -> Data {
        Data("\(part)#\(index)#\(last ? "last" : "more")".utf8)
    }

    /// Seals the file at `source` into `destination` as the part named `part`.
    func seal(_ source: URL, to destination: URL, part: String) throws {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        let output = try BackupFile.create(destination)
        defer { try? output.close() }
        var index = 0
        var chunk = try input.read(upToCount: Self.chunkSize) ?? Data()
        while true {
            let next = chunk.count == Self.chunkSize ? try input.read(upToCount: Self.chunkSize) ?? Data() : Data()
            let last = next.isEmpty
            let box = try AES.GCM.seal(chunk, using: key, authenticating: associatedData(part, index, last: last))
            guard let combined = box.combined else { throw Problem.cannotOpen(part: part) }
            var length = UInt32(combined.count).bigEndian
            try output.write(contentsOf: Data(bytes: &length, count: 4))
            try output.write(contentsOf: combined)
            if last { break }
            chunk = next
            index += 1
        }
    }

    /// Opens the sealed part at `source` into `destination`; refuses a part that was changed, reordered or cut short.
    func open(_ source: URL, to destination: URL, part: String) throws {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        let output = try BackupFile.create(destination)
        defer { try? output.close() }
        var index = 0
        while true {
            guard let header = try input.read(upToCount: 4), header.count == 4 else { throw Problem.truncated(part: part) }
            let length = header.reduce(0) { $0 << 8 | Int($1) }
            guard length >= 28, length <= Self.chunkSize + 28,
                  let combined = try input.read(upToCount: length), combined.count == length else { throw Problem.truncated(part: part) }
            let box: AES.GCM.SealedBox
            do { box = try AES.GCM.SealedBox(combined: combined) } catch { throw Problem.cannotOpen(part: part) }
            if let plain = try? AES.GCM.open(box, using: key, authenticating: associatedData(part, index, last: false)) {
                try output.write(contentsOf: plain)
            } else if let plain = try? AES.GCM.open(box, using: key, authenticating: associatedData(part, index, last: true)) {
                try output.write(contentsOf: plain)
                guard (try input.read(upToCount: 1) ?? Data()).isEmpty else { throw Problem.cannotOpen(part: part) }
                return
            } else {
                throw Problem.cannotOpen(part: part)
            }
            index += 1
        }
    }

    /// A short sealed text (the manifest).
    func seal(_ data: Data, part: String) throws -> Data {
        guard let combined = try AES.GCM.seal(data, using: key, authenticating: associatedData(part, 0, last: true)).combined else {
            throw Problem.cannotOpen(part: part)
        }
        return combined
    }

    func open(_ data: Data, part: String) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key, authenticating: associatedData(part, 0, last: true))
        } catch {
            throw Problem.cannotOpen(part: part)
        }
    }
}

/// Files of a backup: created owner-only, hashed as they are read.
enum BackupFile {
    static func create(_ url: URL) throws -> FileHandle {
        let manager = FileManager.default
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                    attributes: [.posixPermissions: 0o700])
        guard manager.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupProblem("无法写入 \(url.path)")
        }
        return try FileHandle(forWritingTo: url)
    }

    /// SHA-256 (lowercase hex) and size of a file, read in chunks.
    static func digest(_ url: URL) throws -> (sha256: String, bytes: Int) {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        var hash = SHA256()
        var bytes = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            hash.update(data: chunk)
            bytes += chunk.count
        }
        return (PersonalDataCipher.hex(hash.finalize()), bytes)
    }

    /// Copies a file in chunks (files of any size, without holding them in memory).
    static func copy(_ source: URL, to destination: URL) throws {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        let output = try create(destination)
        defer { try? output.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
    }
}

/// A backup or restore that cannot go on, said in Chinese for the person at the console.
struct BackupProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
