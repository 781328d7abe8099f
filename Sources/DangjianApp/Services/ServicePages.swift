import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// 一站式服务 pages: a service with its free slots to book (residents and members), one's own appointments, and the
/// office's desk — the day's appointments to close, the catalogue, the month's statistics.
struct ServicePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let services = routes.grouped("services")
        services.get("manage", use: manage).requires(.serviceWrite)
        services.post(use: add).requires(.serviceWrite)
        services.post(":id", "active", use: setActive).requires(.serviceWrite)
        services.get(":id", use: show).requires(.signedIn)
        services.post(":id", "appointments", use: book).requires(.signedIn)
        let appointments = routes.grouped("appointments")
        appointments.get(use: mine).requires(.signedIn)
        appointments.post(":id", "cancel", use: cancel).requires(.signedIn)
        appointments.post(":id", "close", use: close).requires(.serviceWrite)
    }

    // MARK: - Booking

    func renderService(_ request: Request, _ model: ServiceItemModel, typed: ServiceWork.BookingInput = .init(), errors: [FieldError] = [],
                       status: HTTPStatus = .ok) async throws -> Response {
        let name = try await PublicView.organizationNames([model.organizationID], on: request.db)[model.organizationID] ?? ""
        guard let service = ServiceWork.service(model, organizationName: name) else { throw Abort(.notFound) }
        return try await Page(ServiceViews.BookingPage(layout: Layout(request, title: service.name), service: service,
                                                       days: try await ServiceWork.days(model, on: request), typed: typed, errors: errors).node)
            .encodeResponse(status: status, for: request)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try await renderService(request, try await ServiceWork.published(request.parameters.get("id", as: Int.self), on: request.db))
    }

    @Sendable func book(_ request: Request) async throws -> Response {
        let model = try await ServiceWork.published(request.parameters.get("id", as: Int.self), on: request.db)
        let input = try request.content.decode(ServiceWork.BookingInput.self)
        do {
            _ = try await ServiceWork.book(model, input, on: request)
            return request.redirect(to: "/appointments?notice=saved")
        } catch let problems as FormProblems {
            return try await renderService(request, model, typed: input, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    func renderMine(_ request: Request, errors: [FieldError] = [], status: HTTPStatus = .ok) async throws -> Response {
        try await Page(ServiceViews.MinePage(layout: Layout(request, title: "我的预约"), appointments: try await ServiceWork.mine(on: request),
                                             errors: errors).node).encodeResponse(status: status, for: request)
    }

    @Sendable func mine(_ request: Request) async throws -> Response { try await renderMine(request) }

    @Sendable func cancel(_ request: Request) async throws -> Response {
        let model = try await ServiceWork.own(request.parameters.get("id", as: Int.self), on: request)
        do {
            try await ServiceWork.cancel(model, on: request)
            return request.redirect(to: "/appointments?notice=saved")
        } catch let problems as FormProblems {
            return try await renderMine(request, errors: problems.errors, status: .unprocessableEntity)
        }
    }

    // MARK: - The office's desk

    struct DeskQuery: Content {
        var organization: Int?
        var date: String?
    }

    func renderDesk(_ request: Request, organization chosen: Int?, date typedDate: String?, typed: ServiceWork.ServiceInput = .init(),
                    serviceErrors: [FieldError] = [], closeErrors: [FieldError] = [], status: HTTPStatus = .ok) async throws -> Response {
        let organizations = try await VolunteerPages.organizers(on: request)
        let office = chosen.flatMap { id in organizations.first { $0.id == id } } ?? organizations.first
        let date = typedDate.flatMap(CalendarDate.init(parsing:)) ?? request.today
        var catalogue: [ServiceWork.Service] = [], appointments: [ServiceWork.Appointment] = []
        var statistics: ServiceWork.Statistics?
        if let office, let id = office.id {
            catalogue = try await ServiceWork.catalogue(of: id, activeOnly: false, on: request.db)
            appointments = try await ServiceWork.day(office, date, on: request)
            let (from, to) = try ServiceAPI.range(.init(), on: request)
            statistics = try await ServiceWork.statistics(office, from: from, to: to, on: request)
        }
        return try await Page(ServiceViews.DeskPage(
            layout: Layout(request, title: "一站式服务"), organizations: organizations, office: office, date: date, catalogue: catalogue,
            appointments: appointments, statistics: statistics, typed: typed, serviceErrors: serviceErrors, closeErrors: closeErrors
        ).node).encodeResponse(status: status, for: request)
    }

    @Sendable func manage(_ request: Request) async throws -> Response {
        let query = try request.query.decode(DeskQuery.self)
        return try await renderDesk(request, organization: query.organization, date: query.date)
    }

    @Sendable func add(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ServiceWork.ServiceInput.self)
        do {
            let model = try await ServiceWork.add(input, on: request)
            return request.redirect(to: "/services/manage?organization=\(model.organizationID)&notice=saved#catalogue")
        } catch let problems as FormProblems {
            return try await renderDesk(request, organization: input.organizationID?.value, date: nil, typed: input, serviceErrors: problems.errors,
                                        status: .unprocessableEntity)
        }
    }

    @Sendable func setActive(_ request: Request) async throws -> Response {
        let model = try await ServiceWork.kept(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(ServiceAPI.ActiveInput.self)
        try await ServiceWork.setActive(model, input.active ?? !model.active, on: request)
        return request.redirect(to: "/services/manage?organization=\(model.organizationID)&notice=saved#catalogue")
    }

    @Sendable func close(_ request: Request) async throws -> Response {
        let model = try await ServiceWork.handled(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(ServiceWork.CloseInput.self)
        let date = CalendarDate(Date(timeIntervalSince1970: model.startsAt)).description
        do {
            try await ServiceWork.close(model, input, on: request)
            return request.redirect(to: "/services/manage?organization=\(model.organizationID)&date=\(date)&notice=saved#day")
        } catch let problems as FormProblems {
            return try await renderDesk(request, organization: model.organizationID, date: date, closeErrors: problems.errors, status: .unprocessableEntity)
        }
    }
}
