import DangjianCore
import Vapor

/// The page that changes a planned meeting: the plan's fields as they are, the change recorded on saving.
extension ActivityPages {
    struct EditPage {
        let layout: Layout
        let id: Int
        let kindLabel: String
        let organizationName: String
        /// The plan as it stands, or what was typed into a refused form.
        let typed: ActivityInput
        let hosts: [SelectOption]
        let recorders: [SelectOption]
        let errors: [FieldError]
    }

    func renderEdit(_ request: Request, model: ActivityModel, input: ActivityInput, errors: [FieldError]) async throws -> Page {
        let organization = try await OrganizationModel.find(model.organizationID, on: request.db)
        let people = try await MemberStore.choices(under: OrgPath(stored: model.path), on: request.db)
        func options(_ chosen: Int?) -> [SelectOption] {
            [SelectOption(value: "", label: "（暂不指定）", selected: chosen == nil)]
                + people.map { SelectOption(value: "\($0.id)", label: $0.name, selected: $0.id == chosen) }
        }
        return Page(EditPage(
            layout: Layout(request, title: "修改计划：\(model.topic)"), id: model.id!, kindLabel: model.kind.chinese,
            organizationName: organization?.name ?? "", typed: input, hosts: options(input.hostMemberID?.value),
            recorders: options(input.recorderMemberID?.value), errors: errors).node)
    }

    /// The plan as it stands, in the shape of the form.
    static func input(of model: ActivityModel) -> ActivityInput {
        ActivityInput(organizationID: nil, kind: model.kind.rawValue, topic: model.topic, date: model.onDate.description,
                      startTime: model.startTime, place: model.place, hostMemberID: model.hostMemberID.map { LenientID($0) },
                      recorderMemberID: model.recorderMemberID.map { LenientID($0) }, agenda: model.agenda, participants: nil)
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityWrite, on: request)
        guard model.state == .planned else { return request.redirect(to: "/activities/\(model.id!)") }
        return try await renderEdit(request, model: model, input: Self.input(of: model), errors: []).encodeResponse(for: request)
    }

    @Sendable func edit(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ActivityInput.self)
        let model = try await ActivityWork.find(request.parameters.get("id", as: Int.self), for: .activityWrite, on: request)
        do {
            let changes = try await ActivityWork.edit(input, model: model, on: request)
            return request.redirect(to: "/activities/\(model.id!)?notice=\(changes.isEmpty ? "unchanged" : "saved")")
        } catch let problems as FormProblems {
            let fresh = try await ActivityWork.find(model.id, for: .activityWrite, on: request)
            return try await renderEdit(request, model: fresh, input: input, errors: problems.errors)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}
