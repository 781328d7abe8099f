import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// 知识竞赛 for a subtree: the same mix of topics and difficulties for everyone, a paper drawn per person, one attempt
/// timed by the server, answers and scores hidden until it closes, then results by organization.
enum ContestWork {
    struct Part: Content {
        var topicID: Int?
        /// `easy`, `medium` or `hard`.
        var difficulty: String?
        var count: Int?
    }

    struct Input: Content {
        var organizationID: Int?
        var title: String?
        var parts: [Part]?
        /// China time, `2026-12-01T09:00`.
        var opens: String?
        var closes: String?
        /// Minutes each person has once they start (1–180).
        var minutes: Int?
    }

    /// `2026-12-01T09:00` (or with a space) in China time, as seconds since 1970.
    static func time(_ text: String?) -> Double? { text.flatMap(ChinaClock.seconds(parsing:)) }

    static func create(_ input: Input, on request: Request) async throws -> ContestModel {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID, for: .learningWrite, on: request)
        var problems: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(2...60).contains(title.count) { problems.append(FieldError(field: "title", message: "请填写竞赛名称（2–60 字）")) }
        var parts: [PaperDraw.Part] = []
        if (input.parts ?? []).count > 20 { problems.append(FieldError(field: "parts", message: "试卷最多由 20 个部分组成")) }
        for part in (input.parts ?? []).prefix(20) where (part.count ?? 0) > 0 {
            guard let topicID = part.topicID, let difficulty = Difficulty(rawValue: part.difficulty ?? ""), let count = part.count, count <= 50 else {
                problems.append(FieldError(field: "parts", message: "每一部分请选择专题和难度，题数 1–50"))
                continue
            }
            parts.append(PaperDraw.Part(topic: String(topicID), difficulty: difficulty, count: count))
        }
        let total = parts.reduce(0) { $0 + $1.count }
        if parts.isEmpty || total > 100 { problems.append(FieldError(field: "parts", message: "试卷至少 1 题、至多 100 题（现有 \(total) 题）")) }
        let now = request.now.timeIntervalSince1970
        let opens = time(input.opens), closes = time(input.closes)
        if opens == nil { problems.append(FieldError(field: "opens", message: "请填写开始时间（如 2026-12-01 09:00）")) }
        if closes == nil { problems.append(FieldError(field: "closes", message: "请填写结束时间")) }
        if let opens, let closes, closes <= opens || closes <= now {
            problems.append(FieldError(field: "closes", message: "结束时间应晚于开始时间和现在"))
        }
        let minutes = input.minutes ?? 0
        if !(1...180).contains(minutes) { problems.append(FieldError(field: "minutes", message: "每人作答时间 1–180 分钟")) }
        // The bank must serve every part for every person.
        if problems.isEmpty && !parts.isEmpty {
            let bank = try await QuizWork.bank(topics: Set(parts.compactMap { Int($0.topic) }), reaching: organization.orgPath, on: request.db)
            do {
                try PaperDraw(parts: parts).check(bank)
            } catch {
                let names = Dictionary(try await LearningTopicModel.query(on: request.db).all().compactMap { topic in topic.id.map { (String($0), topic.name) } },
                                       uniquingKeysWith: { first, _ in first })
                if case .short(let part, let available) = error {
                    problems.append(FieldError(field: "parts", message: "题库中“\(names[part.topic] ?? part.topic)·\(part.difficulty.chinese)”只有 \(available) 题，组卷需要 \(part.count) 题"))
                }
            }
        }
        guard problems.isEmpty, let opens, let closes else { throw FormProblems(problems) }
        let contest = ContestModel()
        contest.organizationID = try organization.requireID()
        contest.path = organization.path
        contest.title = title
        contest.parts = String(decoding: try JSONEncoder().encode(parts), as: UTF8.self)
        contest.opensAt = opens
        contest.closesAt = closes
        contest.minutes = minutes
        contest.authorID = actor.accountID
        contest.createdAt = now
        return try await request.write { database in
            try await contest.create(on: database)
            return (contest, AuditEvent("learning.contest.create", target: "contest", id: contest.id, organization: contest.organizationID,
                                        detail: "\(organization.name)发布竞赛《\(title)》，\(total) 题，每人 \(minutes) 分钟"))
        }
    }

    /// A contest the caller may see: one that reaches their own record, or one they keep.
    static func visible(_ id: Int?, on request: Request) async throws -> (ContestModel, keeper: Bool) {
        guard let id, let contest = try await ContestModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该竞赛") }
        let keeper = try request.policy.allows(.learningWrite, at: OrgPath(stored: contest.path))
        if keeper { return (contest, true) }
        if let member = try await DuesPages.ownMember(request), member.path.hasPrefix(contest.path) { return (contest, false) }
        await request.auditDenied("learning.contest.read", target: "contest", id: id, detail: "竞赛不面向本人")
        throw Abort(.notFound, reason: "没有找到该竞赛")
    }

    /// Starts (or resumes) the caller's one attempt while the contest is open.
    static func start(_ contest: ContestModel, on request: Request) async throws -> QuizAttemptModel {
        let member = try await LibraryWork.student(request)
        let memberID = try member.requireID()
        let contestID = try contest.requireID()
        guard member.path.hasPrefix(contest.path) else { throw Abort(.notFound, reason: "没有找到该竞赛") }
        if let existing = try await QuizAttemptModel.query(on: request.db).filter(\.$contestID == contestID).filter(\.$memberID == memberID).first() {
            return existing
        }
        let now = request.now.timeIntervalSince1970
        switch contest.window.phase(at: now) {
        case .upcoming: throw FormProblems(field: "contest", "竞赛于 \(QuizWork.clock(contest.opensAt)) 开始，请届时再来")
        case .closed: throw FormProblems(field: "contest", "竞赛已于 \(QuizWork.clock(contest.closesAt)) 结束")
        case .open: break
        }
        let bank = try await QuizWork.bank(topics: Set(contest.paperParts.compactMap { Int($0.topic) }), reaching: OrgPath(stored: contest.path),
                                           on: request.db)
        let paper: [Int]
        do {
            paper = try PaperDraw(parts: contest.paperParts).draw(from: bank, seed: PaperDraw.seed(contest: contestID, member: memberID))
        } catch {
            throw FormProblems(field: "contest", "题库的题目已不足以组卷（\(error.message)），请联系竞赛发布单位")
        }
        do {
            return try await QuizWork.start(.contest, member: member, questions: paper, topic: nil, contest: contest,
                                            deadline: contest.window.deadline(startingAt: now), on: request)
        } catch {
            // Two starts at once: the one that won is the attempt.
            if let existing = try await QuizAttemptModel.query(on: request.db).filter(\.$contestID == contestID).filter(\.$memberID == memberID).first() {
                return existing
            }
            throw error
        }
    }

    struct Tally: Content {
        let organizationID: Int
        let organizationName: String
        let eligible: Int
        let took: Int
        let participationPercent: Int
        let averagePercent: Int?
    }

    private struct Eligible: Decodable {
        let id: Int
        let eligible: Int
    }

    private struct Takers: Decodable {
        let path: String
        let took: Int
        let score: Int
    }

    /// After it closes: per organization directly under the contest's (its own members as itself), who took part and
    /// their average score. Who could take part comes from the organizations' kept counters, who did from the attempts
    /// grouped by organization in the database — a province's million members are never read row by row.
    static func results(_ contest: ContestModel, on request: Request) async throws -> [Tally] {
        guard contest.window.resultsVisible(at: request.now.timeIntervalSince1970), let contestID = contest.id,
              let scopeID = OrgPath(stored: contest.path).lastID else { return [] }
        let scope = OrgPath(stored: contest.path)
        let organizations = OrganizationModel.schema
        let eligible = try await request.db.sql.raw("""
            SELECT id, subtree_full + subtree_probationary AS eligible FROM \(ident: organizations) WHERE parent_id = \(bind: scopeID)
            UNION ALL SELECT id, full_count + probationary_count AS eligible FROM \(ident: organizations) WHERE id = \(bind: scopeID)
            """).all(decoding: Eligible.self)
        let takers = try await request.db.sql.raw("""
            SELECT m.path AS path, COUNT(*) AS took,
                   CAST(SUM(CASE WHEN a.total > 0 THEN a.correct * 100 / a.total ELSE 0 END) AS BIGINT) AS score
            FROM \(ident: QuizAttemptModel.schema) a JOIN \(ident: MemberModel.schema) m ON m.id = a.member_id
            WHERE a.contest_id = \(bind: contestID) AND a.submitted_at IS NOT NULL
              AND m.path >= \(bind: scope.value) AND m.path < \(bind: scope.upperBound)
              AND m.status IN (\(binds: MemberStatus.inRegister.map(\.rawValue)))
            GROUP BY m.path
            """).all(decoding: Takers.self)
        let depth = scope.depth
        var byGroup: [Int: ContestTally.Takers] = [:]
        for row in takers {
            let ids = OrgPath(stored: row.path).ids
            let group = ids.count > depth ? ids[depth] : scopeID
            let sum = byGroup[group] ?? .init(took: 0, percentSum: 0)
            byGroup[group] = .init(took: sum.took + row.took, percentSum: sum.percentSum + row.score)
        }
        let tallies = ContestTally.tally(eligible: Dictionary(eligible.map { ($0.id, $0.eligible) }, uniquingKeysWith: +), takers: byGroup)
        let names = try await PublicView.organizationNames(Set(tallies.map(\.organizationID)), on: request.db)
        return tallies.map { Tally(organizationID: $0.organizationID, organizationName: names[$0.organizationID] ?? "", eligible: $0.eligible,
                                   took: $0.took, participationPercent: $0.participationPercent, averagePercent: $0.averagePercent) }
            .sorted { $0.organizationName < $1.organizationName }
    }

    /// Contests reaching the caller's record or kept by them, newest first.
    static func list(on request: Request) async throws -> [ContestModel] {
        var found: [ContestModel] = []
        if let member = try await DuesPages.ownMember(request) {
            found += try await ContestModel.query(on: request.db).filter(\.$path ~~ LibraryWork.selfAndAncestors(member.orgPath))
                .sort(\.$opensAt, .descending).limit(50).all()
        }
        for scope in try request.policy.scopes(for: .learningWrite) {
            found += try await ContestModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .sort(\.$opensAt, .descending).limit(50).all()
        }
        var seen: Set<Int> = []
        return found.filter { $0.id.map { seen.insert($0).inserted } ?? false }.sorted { $0.opensAt > $1.opensAt }
    }
}
