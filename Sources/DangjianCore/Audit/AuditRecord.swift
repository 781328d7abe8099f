import Foundation

/// 审计结果
public enum AuditOutcome: String, Sendable, Codable, CaseIterable {
    case success, denied, failed

    public var chinese: String {
        switch self {
        case .success: "成功"
        case .denied: "拒绝"
        case .failed: "失败"
        }
    }
}

/// One entry of the append-only audit log. It never holds an ID number or a phone number.
public struct AuditRecord: Sendable, Hashable, Codable {
    public var sequence: Int
    /// UTC, with milliseconds, as `2026-11-25T03:44:00.123Z`.
    public var at: String
    public var actorID: Int?
    public var actorName: String
    public var action: String
    public var targetType: String
    public var targetID: String
    public var organizationID: Int?
    public var outcome: AuditOutcome
    public var requestID: String
    public var clientAddress: String
    public var detail: String

    public init(sequence: Int, at: String, actorID: Int?, actorName: String, action: String, targetType: String,
                targetID: String, organizationID: Int?, outcome: AuditOutcome, requestID: String,
                clientAddress: String, detail: String) {
        self.sequence = sequence
        self.at = at
        self.actorID = actorID
        self.actorName = Self.storable(actorName)
        self.action = Self.storable(action)
        self.targetType = Self.storable(targetType)
        self.targetID = Self.storable(targetID)
        self.organizationID = organizationID
        self.outcome = outcome
        self.requestID = Self.storable(requestID)
        self.clientAddress = Self.storable(clientAddress)
        self.detail = PersonalDataScrubber.scrub(Self.storable(detail))
    }

    /// An entry as it was stored: nothing is cleaned again, so that the chain checks exactly what the database holds.
    public static func stored(sequence: Int, at: String, actorID: Int?, actorName: String, action: String,
                              targetType: String, targetID: String, organizationID: Int?, outcome: AuditOutcome,
                              requestID: String, clientAddress: String, detail: String) -> AuditRecord {
        var record = AuditRecord(sequence: sequence, at: at, actorID: actorID, actorName: "", action: "", targetType: "",
                                 targetID: "", organizationID: organizationID, outcome: outcome, requestID: "",
                                 clientAddress: "", detail: "")
        (record.actorName, record.action, record.targetType, record.targetID) = (actorName, action, targetType, targetID)
        (record.requestID, record.clientAddress, record.detail) = (requestID, clientAddress, detail)
        return record
    }

    /// Text as a database keeps it: SQLite ends text at a NUL and PostgreSQL refuses one, so NULs are dropped before
    /// the hash is taken.
    static func storable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "") : text
    }

    /// The exact text the chain hash covers: every field, in a fixed order, with separators escaped, after the
    /// previous entry's hash. Changing, removing or reordering any entry changes every hash after it.
    public func canonicalText(previousHash: String) -> String {
        let fields: [String] = [
            previousHash, String(sequence), at, actorID.map(String.init) ?? "", actorName, action, targetType, targetID,
            organizationID.map(String.init) ?? "", outcome.rawValue, requestID, clientAddress, detail,
        ]
        return fields.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\t", with: "\\t") }.joined(separator: "\t")
    }
}

/// A stored entry: the record and the hash stored beside it.
public struct ChainedAuditRecord: Sendable {
    public let record: AuditRecord
    public let previousHash: String
    public let hash: String

    public init(record: AuditRecord, previousHash: String, hash: String) {
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// Checks a run of entries in sequence order against their hashes (`dangjian audit-verify`).
public struct AuditChainVerifier {
    /// The hash of the first entry's predecessor.
    public static let genesis = String(repeating: "0", count: 64)

    public enum Break: Sendable, Equatable {
        /// An entry's sequence is not one more than the one before: entries were removed or inserted.
        case gap(expected: Int, found: Int)
        /// An entry names a predecessor hash that is not the hash of the entry before it.
        case previousHashMismatch(sequence: Int)
        /// An entry's content no longer matches its own hash: it was changed.
        case contentMismatch(sequence: Int)
        /// The head of the chain does not carry its MAC: the newest entries were removed and the head moved back.
        case headTampered(sequence: Int)

        public var sequence: Int {
            switch self {
            case .gap(_, let found): found
            case .previousHashMismatch(let sequence), .contentMismatch(let sequence), .headTampered(let sequence): sequence
            }
        }

        public var explanation: String {
            switch self {
            case .gap(let expected, let found): "第 \(expected) 条缺失或顺序被改动（下一条为第 \(found) 条）"
            case .previousHashMismatch(let sequence): "第 \(sequence) 条记录的前序哈希与上一条不符，链条在此断开"
            case .contentMismatch(let sequence): "第 \(sequence) 条记录的内容与其哈希不符，内容已被改动"
            case .headTampered(let sequence): "链条末端（第 \(sequence) 条）的认证码不符：最新的记录可能被删除、链头被改回"
            }
        }
    }

    public let hash: @Sendable (String) -> String
    private var expectedSequence = 1
    /// The hash of the last entry checked (the genesis value before any).
    public private(set) var previousHash = genesis
    public private(set) var checked = 0

    public init(hash: @escaping @Sendable (String) -> String) { self.hash = hash }

    /// Feeds the next entry; returns the first break found, if any. Streams, so the whole log never sits in memory.
    public mutating func check(_ entry: ChainedAuditRecord) -> Break? {
        defer { checked += 1 }
        if entry.record.sequence != expectedSequence {
            return .gap(expected: expectedSequence, found: entry.record.sequence)
        }
        if entry.previousHash != previousHash { return .previousHashMismatch(sequence: entry.record.sequence) }
        if hash(entry.record.canonicalText(previousHash: entry.previousHash)) != entry.hash {
            return .contentMismatch(sequence: entry.record.sequence)
        }
        expectedSequence += 1
        previousHash = entry.hash
        return nil
    }
}

/// Removes anything shaped like a resident ID number or a mobile number from free text bound for the audit log.
public enum PersonalDataScrubber {
    private static let patterns: [NSRegularExpression] = [
        try! NSRegularExpression(pattern: "(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])"),
        try! NSRegularExpression(pattern: "(?<![0-9])(?:\\+?86)?1[3-9][0-9]{9}(?![0-9])"),
    ]

    /// Hides every ID and mobile number. Repeated until nothing changes: a number written right after another
    /// (`…567X123…`) is only seen once the one after it is hidden, and scrubbing what was scrubbed must change nothing.
    public static func scrub(_ text: String) -> String {
        guard text.contains(where: \.isNumber) else { return text }
        var result = text
        while true {
            var next = result
            for pattern in patterns {
                let range = NSRange(next.startIndex..., in: next)
                next = pattern.stringByReplacingMatches(in: next, range: range, withTemplate: "[已隐去]")
            }
            if next == result { return result }
            result = next
        }
    }
}
