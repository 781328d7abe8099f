import DangjianCore
import Fluent
import SQLKit
import Vapor

/// `dangjian seed-contest-bench --participants 100000 --tokens FILE` — after `seed-bench`: a bank of questions at the
/// top organization, a contest open now for its whole subtree, and signed-in API sessions for members spread evenly
/// over the tree (each line of FILE: the token and the member's id), and one for the province administrator who keeps
/// the contest (`--keeper-token`). For `scripts/bench-contest` only: these sessions skip the sign-in and its two-step
/// verification, which a bench of 100,000 people cannot type.
struct SeedContestBenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "participants", help: "参赛党员数（默认 100000）") var participants: Int?
        @Option(name: "questions", help: "题库题数（默认 300）") var questions: Int?
        @Option(name: "tokens", help: "写出各参赛党员登录令牌的文件（每行：令牌 党员编号）") var tokens: String?
        @Option(name: "keeper-token", help: "写出省级管理员（竞赛发布者）登录令牌的文件") var keeperToken: String?
    }

    var help: String { "在基准测试数据上生成题库、一项进行中的竞赛和参赛党员的登录令牌" }

    enum Problem: Error, CustomStringConvertible {
        case noBenchData, needsTokens
        var description: String {
            switch self {
            case .noBenchData: "请先运行 seed-bench 生成基准数据"
            case .needsTokens: "请用 --tokens 指定写出登录令牌的文件"
            }
        }
    }

    /// The paper every participant gets: 20 questions over four topics, as a county would set a monthly contest.
    static let parts = [(topic: 0, difficulty: Difficulty.easy, count: 6), (topic: 1, difficulty: .medium, count: 6),
                        (topic: 2, difficulty: .medium, count: 4), (topic: 3, difficulty: .hard, count: 4)]

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let path = signature.tokens else { throw Problem.needsTokens }
        guard let root = try await OrganizationModel.query(on: app.db).filter(\.$parentID == nil).sort(\.$id).first(),
              let rootID = root.id else { throw Problem.noBenchData }
        let memberCount = try await MemberModel.query(on: app.db).count()
        guard memberCount > 0, let keeper = try await AccountModel.query(on: app.db).filter(\.$username == "province-admin").first()?.id
        else { throw Problem.noBenchData }
        let participants = min(signature.participants ?? 100_000, memberCount)
        let questionCount = max(signature.questions ?? 300, 80)
        let services = app.dangjian
        let now = services.clock.now().timeIntervalSince1970
        let start = Date()

        // The bank: every topic of the paper gets a quarter of the questions, spread over the three difficulties;
        // the right answer is A, B, C or D in turn.
        let topics = try await LearningTopicModel.query(on: app.db).sort(\.$position).limit(4).all().compactMap(\.id)
        guard topics.count == 4 else { throw Problem.noBenchData }
        let questions = try (0..<questionCount).map { index -> QuestionModel in
            let letter = ["A", "B", "C", "D"][index % 4]
            let draft = QuestionDraft(kind: .single, difficulty: Difficulty.allCases[index / 4 % Difficulty.allCases.count],
                                      stem: "基准题第 \(index + 1) 题：下列哪一项是正确的？", options: ["选项甲", "选项乙", "选项丙", "选项丁"],
                                      answer: letter, explanation: "正确答案是 \(letter)。")
            return try QuestionBankWork.model(draft, topic: topics[index % 4], source: "基准测试", organization: rootID, path: root.path, now: now)
        }
        try await services.writer.transaction(on: app.db) { database in
            for chunk in questions.chunked(into: 500) { try await chunk.create(on: database) }
        }
        let contest = ContestModel()
        contest.organizationID = rootID
        contest.path = root.path
        contest.title = "基准测试知识竞赛"
        contest.parts = String(decoding: try JSONEncoder().encode(Self.parts.map {
            PaperDraw.Part(topic: String(topics[$0.topic]), difficulty: $0.difficulty, count: $0.count)
        }), as: UTF8.self)
        contest.opensAt = now - 60
        contest.closesAt = now + 6 * 3600
        contest.minutes = 60
        contest.authorID = keeper
        contest.createdAt = now
        try await services.writer.transaction(on: app.db) { try await contest.create(on: $0) }

        // Members spread evenly over the register, each with an account, the member role and a signed-in API session.
        let step = max(1, memberCount / participants)
        let memberIDs = try await app.db.sql.raw("SELECT id FROM \(ident: MemberModel.schema) ORDER BY id").all()
            .compactMap { try? $0.decode(column: "id", as: Int.self) }.enumerated().filter { $0.offset % step == 0 }.prefix(participants).map(\.element)
        let organizations = Dictionary(try await app.db.sql.raw("SELECT id, organization_id FROM \(ident: MemberModel.schema)").all().compactMap { row in
            (try? row.decode(column: "id", as: Int.self)).flatMap { id in (try? row.decode(column: "organization_id", as: Int.self)).map { (id, $0) } }
        }, uniquingKeysWith: { first, _ in first })
        let hash = try app.password.sync.hash("Bench-pass-1")
        var lines: [String] = []
        lines.reserveCapacity(memberIDs.count)
        for chunk in memberIDs.chunked(into: 1000) {
            let tokens = chunk.map { _ in RandomToken.make() }
            try await services.writer.transaction(on: app.db) { database in
                try await chunk.map { id in AccountModel(username: "bench-member-\(id)", displayName: "参赛党员 \(id)", passwordHash: hash, memberID: id) }
                    .create(on: database)
                let accounts = try await AccountModel.query(on: database).filter(\.$memberID ~~ chunk.map(Optional.some)).all()
                let byMember = Dictionary(accounts.compactMap { account in account.memberID.flatMap { member in account.id.map { (member, $0) } } },
                                          uniquingKeysWith: { first, _ in first })
                try await chunk.compactMap { id in byMember[id].map { GrantModel(accountID: $0, role: .member, organizationID: organizations[id], grantedBy: nil) } }
                    .create(on: database)
                try await zip(chunk, tokens).compactMap { id, token in
                    byMember[id].map { SessionModel(tokenHash: RandomToken.digest(token), accountID: $0, kind: "api", csrfToken: RandomToken.make(),
                                                    now: now, clientAddress: "127.0.0.1") }
                }.create(on: database)
            }
            lines += zip(tokens, chunk).map { "\($0) \($1)" }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        if let keeperPath = signature.keeperToken {
            let token = RandomToken.make()
            try await services.writer.transaction(on: app.db) { database in
                try await SessionModel(tokenHash: RandomToken.digest(token), accountID: contest.authorID, kind: "api", csrfToken: RandomToken.make(),
                                       now: now, clientAddress: "127.0.0.1").create(on: database)
            }
            try (token + "\n").write(toFile: keeperPath, atomically: true, encoding: .utf8)
        }
        context.console.print("竞赛 \(contest.id ?? 0)：题库 \(questionCount) 题，\(lines.count) 名参赛党员（每 \(step) 名取 1 名），用时 \(String(format: "%.1f", Date().timeIntervalSince(start))) 秒")
    }
}
