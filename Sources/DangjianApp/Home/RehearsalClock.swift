import DangjianCore
import Vapor

/// `POST /rehearsal/calendar` — only on a server started with `DANGJIAN_REHEARSAL_CLOCK=1` (browser journeys,
/// training): moves the calendar by `days`, or back to the real date with `reset`. Every move is audited.
struct RehearsalClockRoutes: RouteCollection {
    struct Move: Content {
        var days: Int?
        var reset: Bool?
    }

    struct Answer: Content {
        let today: CalendarDate
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("rehearsal", "calendar", use: move).requires(.authenticated)
    }

    @Sendable func move(_ request: Request) async throws -> Answer {
        let move = try request.content.decode(Move.self)
        guard move.reset == true || move.days != nil else { throw FormProblems(field: "days", "请填写移动的天数，或 reset") }
        guard move.reset == true || (-36_500...36_500).contains(move.days ?? 0) else { throw FormProblems(field: "days", "移动的天数应在 -36500–36500 之间") }
        let today = request.services.clock.moveCalendar(by: move.reset == true ? nil : move.days)
        try await request.write { _ in ((), AuditEvent("rehearsal.calendar", target: "clock", id: nil, detail: "演练时钟：今天为 \(today)")) }
        return Answer(today: today)
    }
}
