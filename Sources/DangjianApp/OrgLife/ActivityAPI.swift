import DangjianCore
import Vapor

/// `/api/v1/activities` and the live board: 三会一课 and the rest, with the same permissions as the pages.
struct ActivityAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let activities = routes.grouped("activities")
        activities.api(.GET, requires: .activityRead, summary: "组织生活（负责范围内，新的在前）", query: ActivityViews.Filter.self, use: list)
        activities.api(.POST, requires: .activityWrite, summary: "计划一次组织生活", body: ActivityInput.self, status: .created,
                       leadsTo: ["/api/v1/activities/{id}"], use: create)
        activities.download("ledger", requires: .activityRead, summary: "三会一课台账（.xlsx 或 .docx）", query: ActivityLedger.Query.self,
                            produces: [Downloads.xlsxType, Downloads.docxType], use: ledger)
        activities.api(.GET, ":id", requires: .activityRead, summary: "一次组织生活的记录", use: read)
        activities.api(.PATCH, ":id", requires: .activityWrite, summary: "修改计划中的活动（改期、换地点或主持人），变更记入活动",
                       body: ActivityInput.self, use: edit)
        activities.api(.POST, ":id", "review", requires: .activityWrite, summary: "登记民主评议", body: DemocraticReviewWork.Input.self, use: review)
        activities.api(.GET, ":id", "live", requires: .activityRead, summary: "签到情况（书记可见签到码）", use: live)
        activities.events(":id", "events", requires: .activityRead, summary: "签到情况的实时推送", carrying: ActivityLive.Snapshot.self, use: events)
        activities.api(.POST, ":id", "open", requires: .activityWrite, summary: "开始签到", use: open)
        activities.download(":id", "signin.svg", requires: .activityWrite, summary: "当前签到码的二维码（SVG，扫码打开签到页面；随签到码更换）",
                            produces: ["image/svg+xml"], use: signInCode)
        activities.api(.POST, ":id", "attendance", requires: .activityWrite, summary: "登记到会、缺席及原因", body: AttendanceInput.self, use: attendance)
        activities.api(.POST, ":id", "minutes", requires: .activityWrite, summary: "登记会议记录、决议、发言", body: MinutesInput.self, use: minutes)
        activities.api(.POST, ":id", "followups", requires: .activityWrite, summary: "登记整改事项", body: FollowUpInput.self, use: addFollowUp)
        activities.api(.POST, ":id", "followups", ":item", "close", requires: .activityWrite, summary: "登记整改完成", body: CloseFollowUpInput.self,
                       use: closeFollowUp)
        activities.upload(":id", "attachments", requires: .activityWrite, summary: "上传照片或短视频（按内容检查，最大 20 MB）", fields: ["caption"],
                          maximumBytes: 21 * 1_048_576, use: attach)
        activities.api(.POST, ":id", "cancel", requires: .activityWrite, summary: "取消（写明原因）", body: ActivityWork.CancelInput.self, use: cancel)
        activities.api(.POST, ":id", "guidance", requires: .activityRead, summary: "上级党组织发送指导意见", body: ActivityWork.GuidanceInput.self,
                       use: guide)
        activities.api(.GET, ":id", "report", requires: .activityRead, summary: "活动总结报告", use: report)
        activities.download(":id", "report.docx", requires: .activityRead, summary: "活动总结报告（.docx）", produces: [Downloads.docxType],
                            use: reportDocument)
        routes.api(.POST, "checkin", requires: .authenticated, summary: "党员用六位签到码签到", body: ActivityWork.CheckInInput.self, use: checkIn)
        routes.api(.GET, "compliance", requires: .activityRead, summary: "组织生活落实情况（按支部、按月）", query: ComplianceQuery.self, use: compliance)
        routes.api(.GET, "board", requires: .activityRead, summary: "正在进行的组织生活", use: board)
        routes.events("board", "events", requires: .activityRead, summary: "正在进行的组织生活的实时推送", carrying: [ActivityLive.Snapshot].self,
                      use: boardEvents)
    }

    static func followUp(_ request: Request, of model: ActivityModel) async throws -> FollowUpModel {
        guard let id = request.parameters.get("item", as: Int.self), let item = try await FollowUpModel.find(id, on: request.db),
              item.activityID == model.id else { throw Abort(.notFound, reason: "没有找到该整改事项") }
        return item
    }

    @Sendable func list(_ request: Request, _ filter: ActivityViews.Filter) async throws -> [ActivitySummary] {
        try await ActivityViews.list(filter, on: request)
    }

    @Sendable func create(_ request: Request, _ input: ActivityInput) async throws -> ActivityDetail {
        try await ActivityViews.detail(try await ActivityWork.plan(input, on: request), on: request)
    }

    @Sendable func edit(_ request: Request, _ input: ActivityInput) async throws -> ActivityDetail {
        try await work(request) { model in
            // Fields left out of the body keep their planned values.
            let current = ActivityPages.input(of: model)
            let merged = ActivityInput(organizationID: nil, kind: nil, topic: input.topic ?? current.topic, date: input.date ?? current.date,
                                       startTime: input.startTime ?? current.startTime, place: input.place ?? current.place,
                                       hostMemberID: input.hostMemberID ?? current.hostMemberID,
                                       recorderMemberID: input.recorderMemberID ?? current.recorderMemberID,
                                       agenda: input.agenda ?? current.agenda, participants: nil)
            try await ActivityWork.edit(merged, model: model, on: request)
        }
    }

    @Sendable func read(_ request: Request) async throws -> ActivityDetail {
        try await ActivityViews.detail(try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request), on: request)
    }

    func work(_ request: Request, permission: Permission = .activityWrite, _ body: (ActivityModel) async throws -> Void) async throws -> ActivityDetail {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: permission, on: request)
        try await body(model)
        return try await ActivityViews.detail(try await ActivityWork.find(model.id, for: permission, on: request), on: request)
    }

    @Sendable func open(_ request: Request) async throws -> ActivityDetail {
        try await work(request) { try await ActivityWork.open($0, on: request) }
    }

    @Sendable func attendance(_ request: Request, _ input: AttendanceInput) async throws -> ActivityDetail {
        try await work(request) { try await ActivityWork.mark(input, for: $0, on: request) }
    }

    @Sendable func minutes(_ request: Request, _ input: MinutesInput) async throws -> ActivityDetail {
        try await work(request) { try await ActivityWork.record(input, for: $0, on: request) }
    }

    @Sendable func addFollowUp(_ request: Request, _ input: FollowUpInput) async throws -> ActivityDetail {
        try await work(request) { try await ActivityWork.addFollowUp(input, to: $0, on: request) }
    }

    @Sendable func closeFollowUp(_ request: Request, _ input: CloseFollowUpInput) async throws -> ActivityDetail {
        try await work(request) { model in
            try await ActivityWork.closeFollowUp(input, item: try await Self.followUp(request, of: model), on: request)
        }
    }

    @Sendable func attach(_ request: Request) async throws -> AttachmentView {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityWrite, on: request)
        return AttachmentView(try await ActivityWork.attach(request, to: model), prefix: "/api/v1")
    }

    @Sendable func review(_ request: Request, _ input: DemocraticReviewWork.Input) async throws -> ActivityDetail {
        try await work(request) { try await DemocraticReviewWork.record(input, for: $0, on: request) }
    }

    @Sendable func ledger(_ request: Request, _ query: ActivityLedger.Query) async throws -> Response {
        try await ActivityLedger.respond(query, on: request)
    }

    @Sendable func cancel(_ request: Request, _ input: ActivityWork.CancelInput) async throws -> ActivityDetail {
        try await work(request) { try await ActivityWork.cancel(input, for: $0, on: request) }
    }

    @Sendable func guide(_ request: Request, _ input: ActivityWork.GuidanceInput) async throws -> ActivityDetail {
        try await work(request, permission: .activityRead) { try await ActivityWork.guide(input, to: $0, on: request) }
    }

    @Sendable func live(_ request: Request) async throws -> ActivityLive.Snapshot {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request)
        return try await ActivityLive.snapshot(model, withCode: try request.policy.allows(.activityWrite, at: OrgPath(stored: model.path)), on: request)
    }

    @Sendable func events(_ request: Request) async throws -> Response {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request)
        let withCode = try request.policy.allows(.activityWrite, at: OrgPath(stored: model.path))
        let id = model.id
        return try ActivityLive.stream(on: request, permission: .activityRead) { request -> ActivityLive.Snapshot? in
            guard let fresh = try await ActivityModel.find(id, on: request.db) else { return nil }
            return try await ActivityLive.snapshot(fresh, withCode: withCode, on: request)
        }
    }

    @Sendable func report(_ request: Request) async throws -> ActivityReportView {
        try await ActivityReportView.build(try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request), on: request)
    }

    @Sendable func reportDocument(_ request: Request) async throws -> Response {
        try await ActivityReportView.document(try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityRead, on: request), on: request)
    }

    @Sendable func checkIn(_ request: Request, _ input: ActivityWork.CheckInInput) async throws -> ActivitySummary {
        let activity = try await ActivityWork.checkIn(input, on: request)
        guard let summary = try await ActivityViews.summaries([activity], on: request.db).first else { throw Abort(.notFound) }
        return summary
    }

    struct ComplianceQuery: Content, APISchemaHints {
        var organizationID: LenientID?
        var year: Int?
        var after: String?
        static var schemaHints: [String: Schema] { ["year": .yearHint] }
    }

    @Sendable func compliance(_ request: Request, _ query: ComplianceQuery) async throws -> ComplianceGrid {
        try await ComplianceService.grid(request, organizationID: query.organizationID?.value, year: query.year, after: query.after)
    }

    @Sendable func board(_ request: Request) async throws -> [ActivityLive.Snapshot] { try await ActivityLive.board(on: request) }

    @Sendable func boardEvents(_ request: Request) async throws -> Response {
        try ActivityLive.stream(on: request, permission: .activityRead) { request -> [ActivityLive.Snapshot]? in try await ActivityLive.board(on: request) }
    }
}
