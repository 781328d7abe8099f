import DangjianCore
import Fluent
import Foundation
import Vapor

/// Signing in to a meeting: the secretary's screen (the code and its QR code, full screen on a projector), and the
/// member's page, reached by scanning the QR code or typed in, that names the meeting before and after signing in.
extension ActivityPages {
    struct ScreenPage {
        let layout: Layout
        let detail: ActivityDetail
        let live: ActivityLive.Snapshot
        /// Projector mode: the code and the QR code fill the screen, nothing else is shown.
        let projector: Bool
    }

    /// The secretary's screen: the current code, large, its QR code, and the names as members sign in.
    @Sendable func screen(_ request: Request) async throws -> Page {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityWrite, on: request)
        return Page(ScreenPage(
            layout: Layout(request, title: "签到：\(model.topic)"), detail: try await ActivityViews.detail(model, on: request),
            live: try await ActivityLive.snapshot(model, withCode: true, on: request),
            projector: (try? request.query.get(String.self, at: "projector")) == "1").node)
    }

    /// A meeting open for sign-in that expects the member, as the member's pages show it.
    struct OpenMeeting: Encodable {
        let id: Int
        let title: String
        let when: String
        let place: String
        let signedIn: Bool
    }

    struct CheckInPage {
        let layout: Layout
        let errors: [FieldError]
        /// The code from a scanned QR code, or as typed into a refused form.
        let code: String
        /// Meetings open for sign-in now that expect this member.
        let open: [OpenMeeting]
        /// The meeting just signed in to.
        let signed: OpenMeeting?
    }

    func renderCheckIn(_ request: Request, code: String, errors: [FieldError], signed: Int? = nil) async throws -> Page {
        let open = try await Self.openMeetings(for: request)
        return Page(CheckInPage(
            layout: Layout(request, title: "会议签到"), errors: errors, code: String(code.filter(\.isASCIIDigit).prefix(6)),
            open: open, signed: signed.flatMap { id in open.first { $0.id == id && $0.signedIn } }).node)
    }

    @Sendable func checkInForm(_ request: Request) async throws -> Page {
        try await renderCheckIn(request, code: (try? request.query.get(String.self, at: "code")) ?? "", errors: [],
                                signed: try? request.query.get(Int.self, at: "activity"))
    }

    @Sendable func checkIn(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ActivityWork.CheckInInput.self)
        do {
            let activity = try await ActivityWork.checkIn(input, on: request)
            return request.redirect(to: "/checkin?notice=signedIn&activity=\(activity.id!)")
        } catch let problems as FormProblems {
            return try await renderCheckIn(request, code: input.code ?? "", errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// The meetings open for sign-in now that expect the caller's member record, with whether they signed in.
    static func openMeetings(for request: Request) async throws -> [OpenMeeting] {
        guard let memberID = request.actor?.memberID else { return [] }
        let rows = try await AttendanceModel.query(on: request.db).filter(\.$memberID == memberID).sort(\.$id, .descending).limit(50).all()
        guard !rows.isEmpty else { return [] }
        let open = try await ActivityModel.query(on: request.db).filter(\.$id ~~ rows.map(\.activityID)).filter(\.$state == .open)
            .sort(\.$id, .descending).all()
        let names = try await OrganizationModel.query(on: request.db).filter(\.$id ~~ Array(Set(open.map(\.organizationID)))).all()
        return open.map { model in
            let row = rows.first { $0.activityID == model.id }
            let organization = names.first { $0.id == model.organizationID }?.name ?? ""
            return OpenMeeting(id: model.id!, title: "\(organization) \(model.kind.chinese)“\(model.topic)”",
                               when: model.onDate.description + (model.startTime.map { " \($0)" } ?? ""), place: model.place,
                               signedIn: row?.status == .present)
        }
    }
}

extension ActivityAPI {
    /// The QR code of the current sign-in code: the link a phone opens to sign in (`/checkin?code=…`) on the address
    /// the secretary's browser reached, so that phones on the same network reach it too.
    @Sendable func signInCode(_ request: Request) async throws -> Response {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityWrite, on: request)
        guard model.state == .open else { throw FormProblems(field: "state", "活动\(model.state.chinese)，签到未开启") }
        let (generator, mac) = ActivityWork.codes(for: model, rules: request.services.rules)
        let code = generator.code(atUnixTime: Int64(request.now.timeIntervalSince1970), mac: mac)
        let qr = try QRCode(Self.signInLink(code, on: request))
        let response = OrganizationChart.response(qr.svg(title: "扫码签到：\(model.topic)"))
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    /// `http://host:port/checkin?code=123456`, or the path alone when the request names no usable host.
    static func signInLink(_ code: String, on request: Request) -> String {
        PublicAddress.absolute("/checkin?code=\(code)", on: request)
    }
}
