import DangjianCore
import Fluent
import SQLKit
import Vapor

/// One activity as lists show it.
struct ActivitySummary: Content {
    let id: Int
    let kind: ActivityKind
    let kindLabel: String
    let topic: String
    let organizationID: Int
    let organizationName: String
    let date: CalendarDate
    let startTime: String?
    let place: String
    let state: String
    let stateLabel: String
    let expected: Int
    let present: Int
}

/// One activity with everything recorded about it.
struct ActivityDetail: Content {
    struct Attendee: Content {
        let memberID: Int
        let name: String
        var status: AttendanceStatus
        var statusLabel: String
        var reason: String?
        let method: String?
        let selfGrade: ReviewGrade?
        let votesExcellent: Int?
        let votesQualified: Int?
        let votesBasic: Int?
        let votesUnqualified: Int?
        let grade: ReviewGrade?
        let gradeLabel: String?
        let peerNote: String?
    }

    struct FollowUp: Content {
        let id: Int
        let problem: String
        let ownerName: String
        let dueOn: CalendarDate
        let closedOn: CalendarDate?
        let outcome: String?
        let overdue: Bool
    }

    struct Guidance: Content {
        let authorName: String
        let text: String
        let at: String
    }

    /// For a 支部党员大会: the full members entitled to vote, how many are present, whether it may decide.
    struct Quorum: Content {
        let entitled: Int
        let present: Int
        let quorate: Bool
        let sentence: String

        init(_ quorum: MeetingQuorum) {
            entitled = quorum.entitled
            present = quorum.present
            quorate = quorum.quorate
            sentence = quorum.sentence
        }

        var core: MeetingQuorum { MeetingQuorum(entitled: entitled, present: present) }
    }

    /// One change to the plan: who, when, what.
    struct Change: Content {
        let authorName: String
        let detail: String
        let at: String
    }

    let summary: ActivitySummary
    /// A planned meeting whose sign-in is not open yet: when it opens (`明天 13:30`).
    let signInOpens: String?
    let hostName: String?
    let recorderName: String?
    let agenda: String?
    var minutes: String?
    var decisions: [String]
    let speakers: [String]
    var results: String?
    var videoLinks: [String]
    let cancelReason: String?
    var attendance: [Attendee]
    let followUps: [FollowUp]
    let attachments: [AttachmentView]
    let guidance: [Guidance]
    let quorum: Quorum?
    let changes: [Change]
}

extension ActivityDetail {
    /// The record as the secretary typed it into a form that was refused, so that the page shows it again with nothing lost.
    mutating func show(_ draft: MinutesInput) {
        func lines(_ text: String?) -> [String] {
            (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        minutes = draft.minutes
        decisions = lines(draft.decisions)
        results = draft.results
        videoLinks = lines(draft.videoLinks)
        for index in attendance.indices {
            let key = String(attendance[index].memberID)
            if let status = draft.attendance?[key].flatMap(AttendanceStatus.init(rawValue:)) {
                attendance[index].status = status
                attendance[index].statusLabel = status.chinese
            }
            if let reason = draft.reason?[key] { attendance[index].reason = reason }
        }
    }
}

enum ActivityViews {
    static func summaries(_ models: [ActivityModel], on database: any Database) async throws -> [ActivitySummary] {
        guard !models.isEmpty else { return [] }
        let organizationIDs = Array(Set(models.map(\.organizationID)))
        let organizations = try await OrganizationModel.query(on: database).filter(\.$id ~~ organizationIDs).all()
        let names = Dictionary(organizations.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        // Counted by the database: decoding every roll's rows as models was most of a list page's and a meeting page's cost.
        struct Counts: Decodable { let activity_id: Int; let expected: Int; let present: Int? }
        var counts: [Int: Counts] = [:]
        for chunk in models.compactMap(\.id).chunked(into: 500) {
            let rows = try await database.sql.raw("""
                SELECT activity_id, COUNT(*) AS expected, SUM(CASE WHEN status = \(bind: AttendanceStatus.present.rawValue) THEN 1 ELSE 0 END) AS present
                FROM \(ident: AttendanceModel.schema) WHERE activity_id IN (\(binds: Array(chunk))) GROUP BY activity_id
                """).all(decoding: Counts.self)
            for row in rows { counts[row.activity_id] = row }
        }
        return models.map { model in
            let count = counts[model.id ?? 0]
            return ActivitySummary(id: model.id!, kind: model.kind, kindLabel: model.kind.chinese, topic: model.topic,
                                   organizationID: model.organizationID, organizationName: names[model.organizationID] ?? "",
                                   date: model.onDate, startTime: model.startTime, place: model.place, state: model.state.rawValue,
                                   stateLabel: model.state.chinese, expected: count?.expected ?? 0, present: count?.present ?? 0)
        }
    }

    struct Filter: Content {
        var organizationID: LenientID?
        var kind: String?
        var state: String?
        var year: Int?
        /// Where the next page starts: `2026-11-30_942`, the date and id of the last activity shown.
        var after: String?
    }

    /// One page of activities with how many match in all.
    struct Page: Encodable {
        let items: [ActivitySummary]
        let total: Int
        let next: String?
    }

    /// The activities matching `filter` in the caller's scope (or one organization's subtree), newest first, `limit`
    /// at a time after the cursor, with the number that match.
    static func page(_ filter: Filter, limit: Int, on request: Request) async throws -> Page {
        var scopes = try request.policy.scopes(for: .activityRead)
        if let id = filter.organizationID?.value {
            scopes = [try await OrganizationStore.find(id, for: .activityRead, on: request).orgPath]
        }
        let kind = filter.kind.flatMap(ActivityKind.init(rawValue:))
        let state = filter.state.flatMap(ActivityModel.State.init(rawValue:))
        let year = try filter.year.map { _ in try request.year(filter.year) }
        let cursor = filter.after.flatMap(Self.cursor)
        var found: [ActivityModel] = []
        var total = 0
        for scope in scopes {
            func query() -> QueryBuilder<ActivityModel> {
                var query = ActivityModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                if let kind { query = query.filter(\.$kind == kind) }
                if let state { query = query.filter(\.$state == state) }
                if let year {
                    query = query.filter(\.$onDate >= CalendarDate.firstDay(ofYear: year)).filter(\.$onDate <= CalendarDate.lastDay(ofYear: year))
                }
                return query
            }
            total += try await query().count()
            let rest = query()
            if let cursor {
                rest.group(.or) { either in
                    either.filter(\.$onDate < cursor.date).group(.and) { $0.filter(\.$onDate == cursor.date).filter(\.$id < cursor.id) }
                }
            }
            found += try await rest.sort(\.$onDate, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        }
        found.sort { ($0.onDate, $0.id!) > ($1.onDate, $1.id!) }
        let shown = Array(found.prefix(limit))
        let next = found.count > limit ? shown.last.map { "\($0.onDate)_\($0.id!)" } : nil
        return Page(items: try await summaries(shown, on: request.db), total: total, next: next)
    }

    static func cursor(_ text: String) -> (date: CalendarDate, id: Int)? {
        let parts = text.split(separator: "_")
        guard parts.count == 2, let date = CalendarDate(parsing: String(parts[0])), let id = Int(parts[1]) else { return nil }
        return (date, id)
    }

    /// Activities in the caller's scope (or one organization's subtree), newest first, up to 200 after the cursor.
    static func list(_ filter: Filter, on request: Request) async throws -> [ActivitySummary] {
        try await page(filter, limit: 200, on: request).items
    }

    static func detail(_ model: ActivityModel, on request: Request) async throws -> ActivityDetail {
        // The roll as plain rows: decoding a large meeting's roll as Fluent models was 13 % of its page's CPU (BENCHMARKS run 12).
        let rows = try await request.db.sql.select().columns(RollRow.columns).from(AttendanceModel.schema)
            .where("activity_id", .equal, SQLBind(model.id!)).all(decoding: RollRow.self)
            .sorted { (order($0.status), $0.name) < (order($1.status), $1.name) }
        let items = try await FollowUpModel.query(on: request.db).filter(\.$activityID == model.id!).sort(\.$id).all()
        let files = try await AttachmentModel.query(on: request.db).filter(\.$ownerType == "activity").filter(\.$ownerID == model.id!).sort(\.$id).all()
        let notes = try await GuidanceModel.query(on: request.db).filter(\.$activityID == model.id!).sort(\.$id).all()
        let quorum = try await ActivityAttendance.quorum(of: model, roll: rows.map { ($0.member_id, $0.status) }, on: request.db)
        let today = request.today
        let prefix = request.isAPI ? "/api/v1" : ""
        var signInOpens: String?
        if model.state == .planned,
           case .opensAt(let moment) = ActivityWork.opening(of: model, rules: request.services.rules).verdict(at: .init(request.now, calendar: today)) {
            signInOpens = moment.text(relativeTo: today)
        }
        return ActivityDetail(
            summary: try await summaries([model], on: request.db)[0], signInOpens: signInOpens, hostName: model.hostName,
            recorderName: model.recorderName,
            agenda: model.agenda, minutes: model.minutes, decisions: ActivityModel.list(model.decisions),
            speakers: ActivityModel.list(model.speakers), results: model.results, videoLinks: ActivityModel.list(model.videoLinks),
            cancelReason: model.cancelReason,
            attendance: rows.map {
                .init(memberID: $0.member_id, name: $0.name, status: $0.status, statusLabel: $0.status.chinese, reason: $0.reason, method: $0.method,
                      selfGrade: $0.self_grade, votesExcellent: $0.votes_excellent, votesQualified: $0.votes_qualified,
                      votesBasic: $0.votes_basic, votesUnqualified: $0.votes_unqualified,
                      grade: $0.grade, gradeLabel: $0.grade?.chinese, peerNote: $0.peer_note)
            },
            followUps: items.map { .init(id: $0.id!, problem: $0.problem, ownerName: $0.ownerName, dueOn: $0.dueOn, closedOn: $0.closedOn,
                                         outcome: $0.outcome, overdue: $0.closedOn == nil && $0.dueOn < today) },
            attachments: files.map { AttachmentView($0, prefix: prefix) },
            guidance: notes.map { .init(authorName: $0.authorName, text: $0.text, at: $0.createdAt.map { CalendarDate($0).description } ?? "") },
            quorum: quorum.map(ActivityDetail.Quorum.init), changes: try await ActivityWork.changes(of: model, on: request.db))
    }

    /// One person of a roll, as the detail shows it.
    private struct RollRow: Decodable {
        static let columns = ["member_id", "name", "status", "reason", "method", "self_grade", "votes_excellent", "votes_qualified",
                              "votes_basic", "votes_unqualified", "grade", "peer_note"]
        let member_id: Int
        let name: String
        let status: AttendanceStatus
        let reason: String?
        let method: String?
        let self_grade: ReviewGrade?
        let votes_excellent: Int?
        let votes_qualified: Int?
        let votes_basic: Int?
        let votes_unqualified: Int?
        let grade: ReviewGrade?
        let peer_note: String?
    }

    static func order(_ status: AttendanceStatus) -> Int {
        [.present: 0, .expected: 1, .leave: 2, .official: 3, .away: 4, .sick: 5, .absent: 6][status] ?? 9
    }

    /// The facts of the generated report, from the record.
    static func reportFacts(_ model: ActivityModel, detail: ActivityDetail) -> ActivityReport.Facts {
        ActivityReport.Facts(
            kind: model.kind, topic: model.topic, organizationName: detail.summary.organizationName, date: model.onDate,
            time: model.startTime, place: model.place, host: model.hostName, recorder: model.recorderName,
            present: detail.attendance.filter { $0.status == .present }.map(\.name),
            absences: detail.attendance.filter { $0.status != .present }.map { .init(name: $0.name, status: $0.status, reason: $0.reason) },
            agenda: model.agenda, minutes: model.minutes, decisions: detail.decisions, speakers: detail.speakers, results: model.results,
            followUps: detail.followUps.map { .init(problem: $0.problem, owner: $0.ownerName, due: $0.dueOn, closedOn: $0.closedOn, outcome: $0.outcome) },
            photos: detail.attachments.count { $0.isImage }, videos: detail.attachments.count { !$0.isImage },
            videoLinks: detail.videoLinks, quorum: detail.quorum?.core)
    }
}
