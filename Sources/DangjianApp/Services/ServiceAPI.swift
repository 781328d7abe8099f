import DangjianCore
import Vapor

/// The JSON side of 一站式服务 and its appointments.
struct ServiceAPI: RouteCollection {
    struct DayQuery: Content {
        var organizationID: Int?
        /// `2026-12-03`; today by default.
        var date: String?
    }

    struct RangeQuery: Content {
        var organizationID: Int?
        var from: String?
        var to: String?
    }

    struct ActiveInput: Content {
        var active: Bool?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("public").api(.GET, "organizations", ":id", "services", requires: .public,
                                     summary: "村（社区）一站式服务事项：办理地点、所需材料、办理时间（含错时服务）、经办岗位", use: catalogue)
        let services = routes.grouped("services")
        services.api(.GET, ":id", "slots", requires: .signedIn, summary: "一项服务今后 14 天可预约的时段和剩余名额（错时时段标出）", use: slots)
        services.api(.POST, ":id", "appointments", requires: .signedIn, summary: "预约一个时段（同一服务每人每天一次）",
                     body: ServiceWork.BookingInput.self, status: .created, use: book)
        services.api(.POST, requires: .serviceWrite, summary: "新增服务事项（办理时间每行一段，如“周一至周五 9:00-17:00”“周二、周四 18:30-20:30”）",
                     body: ServiceWork.ServiceInput.self, status: .created, use: add)
        services.api(.POST, ":id", "active", requires: .serviceWrite, summary: "停止或恢复一项服务的预约", body: ActiveInput.self, use: setActive)
        services.api(.GET, "statistics", requires: .serviceWrite, summary: "预约统计：每项服务的预约、办结、未到（比例）、取消、错时预约和平均等候分钟",
                     query: RangeQuery.self, use: statistics)
        let appointments = routes.grouped("appointments")
        appointments.api(.GET, "mine", requires: .signedIn, summary: "本人的预约和办理结果", use: mine)
        appointments.api(.POST, ":id", "cancel", requires: .signedIn, summary: "取消本人的预约（时段开始前）", use: cancel)
        appointments.api(.GET, requires: .serviceWrite, summary: "一个村（社区）某一天的预约", query: DayQuery.self, use: day)
        appointments.api(.POST, ":id", "close", requires: .serviceWrite, summary: "办结（写明结果）或记为未到（时段开始后）",
                         body: ServiceWork.CloseInput.self, use: close)
    }

    @Sendable func catalogue(_ request: Request) async throws -> [ServiceWork.Service] {
        guard let id = request.parameters.get("id", as: Int.self), try await OrganizationModel.find(id, on: request.db) != nil else {
            throw Abort(.notFound, reason: "没有找到该党组织")
        }
        return try await ServiceWork.catalogue(of: id, activeOnly: true, on: request.db)
    }

    @Sendable func slots(_ request: Request) async throws -> [ServiceWork.Day] {
        try await ServiceWork.days(try await ServiceWork.published(request.parameters.get("id", as: Int.self), on: request.db), on: request)
    }

    @Sendable func book(_ request: Request, _ input: ServiceWork.BookingInput) async throws -> ServiceWork.Appointment {
        let model = try await ServiceWork.book(try await ServiceWork.published(request.parameters.get("id", as: Int.self), on: request.db), input, on: request)
        guard let view = try await ServiceWork.views([model], organizer: false, on: request).first else { throw Abort(.internalServerError) }
        return view
    }

    @Sendable func add(_ request: Request, _ input: ServiceWork.ServiceInput) async throws -> ServiceWork.Service {
        let model = try await ServiceWork.add(input, on: request)
        guard let view = ServiceWork.service(model, organizationName: "") else { throw Abort(.internalServerError) }
        return view
    }

    @Sendable func setActive(_ request: Request, _ input: ActiveInput) async throws -> ServiceWork.Service {
        let model = try await ServiceWork.kept(request.parameters.get("id", as: Int.self), on: request)
        guard let active = input.active else { throw FormProblems(field: "active", "请说明停止（false）还是恢复（true）预约") }
        try await ServiceWork.setActive(model, active, on: request)
        guard let view = ServiceWork.service(model, organizationName: "") else { throw Abort(.internalServerError) }
        return view
    }

    @Sendable func statistics(_ request: Request, _ query: RangeQuery) async throws -> ServiceWork.Statistics {
        let organization = try await OrganizationStore.find(query.organizationID, for: .serviceWrite, on: request)
        let (from, to) = try Self.range(query, on: request)
        return try await ServiceWork.statistics(organization, from: from, to: to, on: request)
    }

    /// The last 30 days by default; at most a year.
    static func range(_ query: RangeQuery, on request: Request) throws -> (CalendarDate, CalendarDate) {
        let today = request.today
        let from = try query.from.map { text in
            guard let date = CalendarDate(parsing: text) else { throw FormProblems(field: "from", "请填写开始日期（如 2026-12-01）") }
            return date
        } ?? today.adding(days: -29)
        let to = try query.to.map { text in
            guard let date = CalendarDate(parsing: text) else { throw FormProblems(field: "to", "请填写结束日期（如 2026-12-31）") }
            return date
        } ?? today
        guard from <= to else { throw FormProblems(field: "to", "结束日期应不早于开始日期") }
        guard from.days(until: to) <= 366 else { throw FormProblems(field: "to", "统计范围不超过一年") }
        return (from, to)
    }

    @Sendable func mine(_ request: Request) async throws -> [ServiceWork.Appointment] { try await ServiceWork.mine(on: request) }

    @Sendable func cancel(_ request: Request) async throws -> ServiceWork.Appointment {
        let model = try await ServiceWork.own(request.parameters.get("id", as: Int.self), on: request)
        try await ServiceWork.cancel(model, on: request)
        guard let view = try await ServiceWork.views([model], organizer: false, on: request).first else { throw Abort(.internalServerError) }
        return view
    }

    @Sendable func day(_ request: Request, _ query: DayQuery) async throws -> [ServiceWork.Appointment] {
        let organization = try await OrganizationStore.find(query.organizationID, for: .serviceWrite, on: request)
        var date = request.today
        if let text = query.date {
            guard let parsed = CalendarDate(parsing: text) else { throw FormProblems(field: "date", "请填写日期（如 2026-12-03）") }
            date = parsed
        }
        return try await ServiceWork.day(organization, date, on: request)
    }

    @Sendable func close(_ request: Request, _ input: ServiceWork.CloseInput) async throws -> ServiceWork.Appointment {
        let model = try await ServiceWork.handled(request.parameters.get("id", as: Int.self), on: request)
        try await ServiceWork.close(model, input, on: request)
        guard let view = try await ServiceWork.views([model], organizer: true, on: request).first else { throw Abort(.internalServerError) }
        return view
    }
}
