import Foundation
import NIOCore
import NIOPosix

/// Just enough SMTP (RFC 5321) to hand one message to the relay of an isolated network: EHLO, MAIL FROM, RCPT TO,
/// DATA with dot-stuffing, QUIT. No TLS and no login: the relay is the government network's own, reached on its
/// inside; the deployment names it (`DANGJIAN_SMTP_RELAY`). Every reply is checked; the whole exchange has a time limit.
enum SMTPClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func send(host: String, port: Int, helo: String, from: String, to: String, text: String, on group: any EventLoopGroup,
                     timeout: Duration = .seconds(30)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await exchange(host: host, port: port, helo: helo, from: from, to: to, text: text, on: group) }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                throw Failure(description: "邮件中继 \(host):\(port) 在 \(timeout) 内没有完成答复")
            }
            defer { tasks.cancelAll() }
            try await tasks.next()
        }
    }

    private static func exchange(host: String, port: Int, helo: String, from: String, to: String, text: String, on group: any EventLoopGroup) async throws {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(inbound.makeAsyncIterator())
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            try await replies.expect("220", after: "连接")
            try await say("EHLO \(helo)")
            try await replies.expect("250", after: "EHLO")
            try await say("MAIL FROM:<\(from)>")
            try await replies.expect("250", after: "MAIL FROM")
            try await say("RCPT TO:<\(to)>")
            try await replies.expect("25", after: "RCPT TO")
            try await say("DATA")
            try await replies.expect("354", after: "DATA")
            try await outbound.write(ByteBuffer(string: stuffed(text) + ".\r\n"))
            try await replies.expect("250", after: "邮件内容")
            try await say("QUIT")
            _ = try? await replies.line()
        }
    }

    /// A line that starts with a dot gets another (RFC 5321 §4.5.2), so that no line of the text ends the message.
    static func stuffed(_ text: String) -> String {
        text.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }

    /// `Mon, 30 Nov 2026 18:00:00 +0800`
    static func dateHeader(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Replies line by line; a reply of several lines (`250-…`) ends at the line with a space after its code.
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending: [UInt8] = []

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func line() async throws -> String {
            while true {
                if let end = pending.firstIndex(of: 0x0A) {
                    let bytes = pending[..<end].filter { $0 != 0x0D }
                    pending.removeFirst(end + 1)
                    return String(decoding: bytes, as: UTF8.self)
                }
                guard pending.count < 4096 else { throw Failure(description: "邮件中继的答复过长") }
                guard let buffer = try await iterator.next() else { throw Failure(description: "邮件中继关闭了连接") }
                pending += buffer.readableBytesView
            }
        }

        mutating func expect(_ code: String, after step: String) async throws {
            while true {
                let reply = try await line()
                guard reply.hasPrefix(code) else { throw Failure(description: "邮件中继拒绝（\(step)）：\(reply.prefix(200))") }
                let index = reply.index(reply.startIndex, offsetBy: 3, limitedBy: reply.endIndex) ?? reply.endIndex
                if index == reply.endIndex || reply[index] == " " { return }
            }
        }
    }
}
