import Foundation
import Testing
@testable import DangjianCore

@Suite("Messages that reach people: topics, choices, retries and the e-mail's text")
struct MessageDeliveryTests {
    @Test("a message's kind names its topic; a choice is stored readably and read back, unknown parts ignored")
    func preferences() {
        #expect(MessageTopic(kind: "demand.answered") == .requests && MessageTopic(kind: "publicity.asked") == .requests)
        #expect(MessageTopic(kind: "activity.planned") == .meetings && MessageTopic(kind: "report.progress") == .other)
        #expect(MessageTopic(kind: "todo.digest") == .work)
        let chosen = MessagePreferences(channels: [.requests: [.email, .sms], .meetings: [.sms], .other: []])
        #expect(chosen.stored == "requests=sms,email;meetings=sms")
        #expect(MessagePreferences(stored: chosen.stored) == MessagePreferences(channels: [.requests: [.sms, .email], .meetings: [.sms]]))
        #expect(MessagePreferences(stored: "requests=sms,fax;weather=email;garbage").channels == [.requests: [.sms]])
        #expect(chosen.wants(.sms, for: "activity.planned") && !chosen.wants(.email, for: "activity.planned"))
    }

    @Test("a failed delivery is tried again after 1, 5, 30 and 120 minutes, then given up")
    func retries() {
        #expect(DeliveryRetry.next(after: 1, at: 1000) == 1060)
        #expect(DeliveryRetry.next(after: 4, at: 1000) == 8200)
        #expect(DeliveryRetry.next(after: 5, at: 1000) == nil)
        #expect(DeliveryRetry.next(after: 0, at: 1000) == nil)
    }

    @Test("the e-mail: ASCII headers, the Chinese subject and body in base64 lines of 76, CRLF")
    func mail() throws {
        let body = String(repeating: "您的诉求已答复，请评价。", count: 10)
        let text = MailText.message(from: "dangjian@qh.gov.cn", to: "wang@example.cn", subject: "【智慧党建平台】诉求已答复", body: body,
                                    date: "Tue, 01 Dec 2026 09:00:00 +0800", messageID: "7.1@dangjian")
        #expect(text.allSatisfy { $0.isASCII })
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.contains("Subject: =?UTF-8?B?" + Data("【智慧党建平台】诉求已答复".utf8).base64EncodedString() + "?="))
        let bodyLines = Array(lines.drop { !$0.isEmpty }.dropFirst()).filter { !$0.isEmpty }
        #expect(bodyLines.allSatisfy { $0.count <= 76 } && bodyLines.count > 1)
        let decoded = try #require(Data(base64Encoded: bodyLines.joined()))
        #expect(String(decoding: decoded, as: UTF8.self) == body)
        #expect(!text.contains("\n\n") && text.hasSuffix("\r\n"))
    }

    @Test("only plain addresses are handed to the relay")
    func addresses() {
        for good in ["wang@example.cn", "li.ming+dj@qh.gov.cn"] { #expect(MailText.isAddress(good), "\(good)") }
        for bad in ["", "wang", "wang@localhost", "a b@example.cn", "x@example.cn\r\nRCPT TO:<y@z.cn>", "<x@y.cn>", "王@example.cn", "a@b@c.cn"] {
            #expect(!MailText.isAddress(bad), "\(bad)")
        }
    }
}
