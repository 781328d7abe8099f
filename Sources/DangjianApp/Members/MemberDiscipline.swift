import DangjianCore
import Fluent
import Vapor

/// 留党察看 on a member's record: imposed by a decision for one or two years, ended by restoring rights when the
/// period is over. While it lasts the member cannot vote or sponsor an applicant.
enum MemberDiscipline {
    struct Input: Content {
        /// `impose` or `restore`.
        var action: String?
        var from: String?
        var years: String?
        var note: String?
        var restoredOn: String?
    }

    struct View: Content {
        let from: CalendarDate
        let years: Int
        let ends: CalendarDate
        let restoredOn: CalendarDate?
        let inForce: Bool
        let note: String?
    }

    static func view(_ member: MemberModel, today: CalendarDate) -> View? {
        member.disciplinaryProbation.map {
            View(from: $0.from, years: $0.years, ends: $0.ends, restoredOn: $0.restoredOn, inForce: $0.isInForce(on: today), note: member.disciplineNote)
        }
    }

    static func apply(_ input: Input, to member: MemberModel, on request: Request) async throws {
        let rules = request.services.rules
        let today = request.today
        var errors: [FieldError] = []
        let summary: String
        switch input.action {
        case "impose":
            let from = CommitteeEditing.date(input.from, field: "from", label: "处分决定日期", today: today, errors: &errors)
            let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if note.count < 2 || note.count > 200 { errors.append(FieldError(field: "note", message: "请写明处分决定（文号或事由，2–200 字）")) }
            guard let years = input.years.flatMap({ Int($0) }) else {
                throw FormProblems(errors + [FieldError(field: "years", message: "请填写留党察看期限（年）")])
            }
            guard errors.isEmpty, let from else { throw FormProblems(errors) }
            guard member.membership == .full || member.membership == .probationary, member.status.isInRegister else {
                throw FormProblems(field: "action", "只能对在册党员记录留党察看")
            }
            if let current = member.disciplinaryProbation, current.restoredOn == nil {
                throw FormProblems(field: "action", "该党员正在留党察看期间（\(current.from) 起 \(current.years) 年），请先记录恢复党员权利")
            }
            let probation: DisciplinaryProbation
            do { probation = try DisciplinaryProbation.validated(from: from, years: years, rules: rules, today: today) } catch {
                guard case .period(let message) = error else { throw error }
                throw FormProblems(field: "years", message)
            }
            member.disciplineFrom = probation.from
            member.disciplineYears = probation.years
            member.disciplineNote = note
            member.rightsRestoredOn = nil
            summary = "留党察看 \(years) 年，自 \(from) 起（\(note)）"
        case "restore":
            guard let current = member.disciplinaryProbation else { throw FormProblems(field: "action", "该党员没有留党察看记录") }
            guard let day = CommitteeEditing.date(input.restoredOn, field: "restoredOn", label: "恢复党员权利的日期", today: today, errors: &errors) else {
                throw FormProblems(errors)
            }
            do { member.rightsRestoredOn = try current.restoring(on: day, rules: rules).restoredOn } catch {
                guard case .period(let message) = error else { throw error }
                throw FormProblems(field: "restoredOn", message)
            }
            summary = "留党察看期满，\(day) 恢复党员权利"
        default:
            throw FormProblems(field: "action", "action 只能是 impose（记录留党察看）或 restore（恢复党员权利）")
        }
        let actor = try request.requireActor()
        let onDate = member.rightsRestoredOn ?? member.disciplineFrom ?? request.today
        try await request.write { database in
            try await member.update(on: database)
            try await MemberStatusEventModel(memberID: member.id!, status: member.status, membership: member.membership, onDate: onDate,
                                             leaveReason: nil, note: summary, accountID: actor.accountID).create(on: database)
            return ((), AuditEvent("member.discipline", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "\(member.name)：\(summary)"))
        }
    }
}
