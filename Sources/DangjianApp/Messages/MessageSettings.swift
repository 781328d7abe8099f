import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 消息设置: which topics a person also wants by text message or e-mail. The message centre always has everything; the
/// channels offered are the ones this deployment has (a spool for the SMS gateway, an SMTP relay).
enum MessageSettings {
    struct Topic: Content {
        let topic: MessageTopic
        let label: String
        let channels: [MessageChannel]
    }

    struct View: Content {
        let topics: [Topic]
        /// The channels this deployment can send by.
        let available: [MessageChannel]
        /// Where a text would go (masked), from the person's record; nil when none is recorded.
        let phone: String?
        /// The e-mail address given (masked).
        let email: String?
    }

    struct Input: Content {
        var requests: [String]?
        var meetings: [String]?
        var work: [String]?
        var other: [String]?
        /// A new address; empty keeps the one given before.
        var email: String?
        /// Forget the address given before.
        var clearEmail: Bool?
    }

    static func view(on request: Request) async throws -> View {
        let actor = try request.requireActor()
        let preference = try await MessagePreferenceModel.query(on: request.db).filter(\.$accountID == actor.accountID).first()
        let chosen = preference?.preferences ?? MessagePreferences()
        var phone: String?
        if let account = try await AccountModel.find(actor.accountID, on: request.db) {
            phone = try await Outbox.phone(of: account, cipher: request.services.cipher, on: request.db)
        }
        return View(topics: MessageTopic.allCases.map { Topic(topic: $0, label: $0.chinese, channels: MessageChannel.allCases.filter((chosen.channels[$0] ?? []).contains)) },
                    available: MessageChannel.allCases.filter(request.services.configuration.channels.contains),
                    phone: phone.map(Masking.phone), email: preference?.emailMask)
    }

    /// `wang.xiulan@example.cn` → `w***@example.cn`
    static func mask(email: String) -> String {
        let parts = email.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let first = parts[0].first else { return "***" }
        return "\(first)***@\(parts[1])"
    }

    static func save(_ input: Input, on request: Request) async throws {
        let actor = try request.requireActor()
        let available = request.services.configuration.channels
        var problems: [FieldError] = []
        var channels: [MessageTopic: Set<MessageChannel>] = [:]
        for (topic, typed) in [(MessageTopic.requests, input.requests), (.meetings, input.meetings), (.work, input.work), (.other, input.other)] {
            var chosen: Set<MessageChannel> = []
            for value in typed ?? [] {
                guard let channel = MessageChannel(label: value) else {
                    problems.append(FieldError(field: topic.rawValue, message: "\(topic.chinese)：渠道只能是短信（sms）或电子邮件（email）")); continue
                }
                guard available.contains(channel) else {
                    problems.append(FieldError(field: topic.rawValue, message: "本平台尚未开通\(channel.chinese)发送，只能在消息中心查看")); continue
                }
                chosen.insert(channel)
            }
            channels[topic] = chosen
        }
        let wanted = MessagePreferences(channels: channels)
        let existing = try await MessagePreferenceModel.query(on: request.db).filter(\.$accountID == actor.accountID).first()
        let email = input.email?.trimmed.lowercased() ?? ""
        if !email.isEmpty && !MailText.isAddress(email) {
            problems.append(FieldError(field: "email", message: "电子邮件地址格式不对，应像 wang@example.gov.cn"))
        }
        let keepsEmail = input.clearEmail != true && existing?.emailCipher != nil
        let wantsEmail = channels.values.contains { $0.contains(.email) }
        if wantsEmail && email.isEmpty && !keepsEmail {
            problems.append(FieldError(field: "email", message: "选择了电子邮件，请填写接收邮件的地址"))
        }
        let wantsSMS = channels.values.contains { $0.contains(.sms) }
        if wantsSMS, let account = try await AccountModel.find(actor.accountID, on: request.db),
           try await Outbox.phone(of: account, cipher: request.services.cipher, on: request.db) == nil {
            problems.append(FieldError(field: "requests", message: "您的档案中没有手机号，收不到短信；请联系支部更新档案"))
        }
        guard problems.isEmpty else { throw FormProblems(problems) }
        let model = existing ?? MessagePreferenceModel()
        model.accountID = actor.accountID
        model.channels = wanted.stored
        if !email.isEmpty {
            model.emailCipher = try request.services.cipher.seal(email, for: .messageEmail(actor.accountID))
            model.emailMask = mask(email: email)
        } else if input.clearEmail == true {
            model.emailCipher = nil
            model.emailMask = nil
        }
        model.updatedAt = request.now.timeIntervalSince1970
        let summary = MessageTopic.allCases.map { topic in
            "\(topic.chinese)：" + (["消息中心"] + MessageChannel.allCases.filter((channels[topic] ?? []).contains).map(\.chinese)).joined(separator: "、")
        }.joined(separator: "；")
        try await request.write { database in
            try await model.save(on: database)
            return ((), AuditEvent("message.settings", target: "account", id: actor.accountID, detail: summary))
        }
    }
}

struct MessageSettingsPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("messages", "settings", use: show).requires(.signedIn)
        routes.post("messages", "settings", use: save).requires(.signedIn)
    }

    struct SettingsPage {
        let layout: Layout
        let settings: MessageSettings.View
        let errors: [FieldError]
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        Page(SettingsPage(layout: Layout(request, title: "消息设置"), settings: try await MessageSettings.view(on: request), errors: []).node)
    }

    @Sendable func save(_ request: Request) async throws -> Response {
        let input = try request.content.decode(MessageSettings.Input.self)
        do {
            try await MessageSettings.save(input, on: request)
            return request.redirect(to: "/messages/settings?notice=saved")
        } catch let problems as FormProblems {
            return try await Page(SettingsPage(layout: Layout(request, title: "消息设置"), settings: try await MessageSettings.view(on: request),
                                               errors: problems.errors).node).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

struct MessageSettingsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let settings = routes.grouped("messages", "settings")
        settings.api(.GET, requires: .signedIn, summary: "本人的消息设置：各类消息另以短信、电子邮件接收（本平台开通的渠道）", use: show)
        settings.api(.PUT, requires: .signedIn, summary: "修改本人的消息设置（电子邮件地址加密保存，只显示掩码）", body: MessageSettings.Input.self,
                     use: save)
    }

    @Sendable func show(_ request: Request) async throws -> MessageSettings.View { try await MessageSettings.view(on: request) }

    @Sendable func save(_ request: Request, _ input: MessageSettings.Input) async throws -> MessageSettings.View {
        try await MessageSettings.save(input, on: request)
        return try await MessageSettings.view(on: request)
    }
}

extension MessageSettingsPages.SettingsPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "消息设置" }
                p(.class("muted")) { "所有消息都在消息中心。下面选择的类别，另外用短信或电子邮件通知您。" }
                if settings.available.isEmpty {
                    p(.class("warning-text")) { "本平台尚未开通短信和电子邮件发送，消息只在消息中心查看。" }
                }
                Forms.errors(errors)
                form(.method("post"), .action("/messages/settings")) {
                    Forms.csrf(layout)
                    for topic in settings.topics {
                        fieldset {
                            legend { topic.label }
                            label(.class("check")) { input(.type("checkbox"), .checked(true), .disabled()); " 消息中心" }
                            for channel in settings.available {
                                label(.class("check")) {
                                    input(.type("checkbox"), .name("\(topic.topic.rawValue)[]"), .value(channel.rawValue), .checked(topic.channels.contains(channel)))
                                    " \(channel.chinese)"
                                }
                            }
                        }
                    }
                    if settings.available.contains(.sms) {
                        p(.class("muted")) { settings.phone.map { "短信发到档案中的手机号 \($0)。" } ?? "您的档案中没有手机号，收不到短信。" }
                    }
                    if settings.available.contains(.email) {
                        label {
                            "电子邮件地址" + (settings.email.map { "（现为 \($0)，不改请留空）" } ?? "")
                            input(.type("email"), .name("email"), .maxlength(120), .autocomplete("email"))
                        }
                        if settings.email != nil {
                            label(.class("check")) { input(.type("checkbox"), .name("clearEmail"), .value("true")); " 删除已填写的邮件地址" }
                        }
                    }
                    Forms.submit("保存", cancel: "/messages")
                }
            }
        }
    }
}
