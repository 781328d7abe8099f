import Foundation

/// What a message is about, for a person's choice of how they are told (消息设置).
public enum MessageTopic: String, ChineseLabelled {
    /// Requests, questions on 三务公开 and their answers.
    case requests
    /// Meeting notices (会议通知).
    case meetings
    /// The morning's reminder of work due (待办提醒).
    case work
    /// Supervision reports and everything else the platform tells.
    case other

    public var chinese: String {
        switch self {
        case .requests: "诉求和公开答复"
        case .meetings: "会议通知"
        case .work: "待办提醒"
        case .other: "其他通知"
        }
    }

    /// `demand.answered` → requests; `activity.planned` → meetings.
    public init(kind: String) {
        let prefix = kind.split(separator: ".").first.map(String.init) ?? ""
        switch prefix {
        case "demand", "publicity": self = .requests
        case "activity": self = .meetings
        case "todo": self = .work
        default: self = .other
        }
    }
}

/// A way out of the platform besides the message centre.
public enum MessageChannel: String, ChineseLabelled {
    /// A file in the spool directory, for the government SMS gateway to pick up.
    case sms
    /// E-mail through the configured SMTP relay.
    case email

    public var chinese: String { self == .sms ? "短信" : "电子邮件" }
}

/// Which topics a person wants by which channel; the message centre always has everything.
public struct MessagePreferences: Sendable, Codable, Equatable {
    public var channels: [MessageTopic: Set<MessageChannel>]

    public init(channels: [MessageTopic: Set<MessageChannel>] = [:]) { self.channels = channels }

    public func wants(_ channel: MessageChannel, for kind: String) -> Bool { channels[MessageTopic(kind: kind)]?.contains(channel) == true }

    /// Stored as `requests=sms,email;meetings=sms`: readable in a database dump, indifferent to new topics.
    public var stored: String {
        MessageTopic.allCases.compactMap { topic in
            guard let chosen = channels[topic], !chosen.isEmpty else { return nil }
            return topic.rawValue + "=" + MessageChannel.allCases.filter(chosen.contains).map(\.rawValue).joined(separator: ",")
        }.joined(separator: ";")
    }

    public init(stored: String) {
        var channels: [MessageTopic: Set<MessageChannel>] = [:]
        for part in stored.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, let topic = MessageTopic(rawValue: pair[0]) else { continue }
            channels[topic] = Set(pair[1].split(separator: ",").compactMap { MessageChannel(rawValue: String($0)) })
        }
        self.channels = channels
    }
}

public enum DeliveryState: String, ChineseLabelled {
    case pending, sent, failed

    public var chinese: String {
        switch self {
        case .pending: "待发送"
        case .sent: "已发送"
        case .failed: "发送失败"
        }
    }
}

/// When a delivery that failed is tried again: after 1, 5, 30 and 120 minutes; then it stays failed.
public struct DeliveryRetry: Sendable {
    public static let delays: [Double] = [60, 300, 1800, 7200]

    /// The time of the next try after `attempts` failed ones, or nil when it has been tried enough.
    public static func next(after attempts: Int, at now: Double) -> Double? {
        guard attempts >= 1, attempts <= delays.count else { return nil }
        return now + delays[attempts - 1]
    }
}

/// An e-mail as the SMTP relay receives it: headers in ASCII (the subject RFC 2047 encoded), the body base64 UTF-8,
/// lines of at most 76 characters, CRLF line ends.
public enum MailText {
    public static func message(from: String, to: String, subject: String, body: String, date: String, messageID: String) -> String {
        let encodedSubject = "=?UTF-8?B?" + base64(Array(subject.utf8)) + "?="
        let encodedBody = base64(Array(body.utf8))
        var lines: [String] = ["From: \(from)", "To: \(to)", "Subject: \(encodedSubject)", "Date: \(date)", "Message-ID: <\(messageID)>",
                               "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", ""]
        var index = encodedBody.startIndex
        while index < encodedBody.endIndex {
            let end = encodedBody.index(index, offsetBy: 76, limitedBy: encodedBody.endIndex) ?? encodedBody.endIndex
            lines.append(String(encodedBody[index..<end]))
            index = end
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Whether an address is plain enough to hand to a relay: one `@`, no spaces, angle brackets or line breaks.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.count <= 120
            && !text.contains { $0.isWhitespace || "<>\r\n,;\"".contains($0) } && text.allSatisfy(\.isASCII)
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
