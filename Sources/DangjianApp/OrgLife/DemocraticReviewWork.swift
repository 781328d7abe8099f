import DangjianCore
import Fluent
import Vapor

/// 民主评议党员 recorded on a review activity: each member's own grade (个人自评), the ballot (民主测评) and the grade the
/// meeting sets, with the 优秀 ceiling and "probationary members are not graded" enforced (RULES.md §6).
enum DemocraticReviewWork {
    struct Input: Content {
        /// member id → grade (`excellent`, `qualified`, `basically-qualified`, `unqualified`).
        var selfGrade: [String: String]?
        /// 党员互评: member id → the others' opinions, summed up.
        var peer: [String: String]?
        var excellent: [String: String]?
        var qualified: [String: String]?
        var basic: [String: String]?
        var unqualified: [String: String]?
        var grade: [String: String]?
    }

    static func record(_ input: Input, for model: ActivityModel, on request: Request) async throws {
        guard model.kind == .democraticReview else { throw FormProblems(field: "grade", "只有民主评议党员活动可以评定等次") }
        guard model.state != .cancelled, model.onDate <= request.today else { throw FormProblems(field: "grade", "活动未开展，不能评定等次") }
        let rows = try await AttendanceModel.query(on: request.db).filter(\.$activityID == model.id!).all()
        let members = try await MemberModel.query(on: request.db).filter(\.$id ~~ rows.map(\.memberID)).all()
        let probationary = Set(members.filter { $0.membership == .probationary }.map { $0.id! })
        let voters = rows.count { $0.status == .present }
        var errors: [FieldError] = []
        func grade(_ map: [String: String]?, _ row: AttendanceModel, field: String) -> ReviewGrade? {
            guard let text = map?["\(row.memberID)"], !text.isEmpty else { return nil }
            guard let grade = ReviewGrade(rawValue: text) else {
                errors.append(FieldError(field: field, message: "\(row.name)的等次应为优秀、合格、基本合格或不合格"))
                return nil
            }
            return grade
        }
        func votes(_ map: [String: String]?, _ row: AttendanceModel) -> Int? {
            guard let text = map?["\(row.memberID)"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let number = Int(text), number >= 0, number <= max(voters, rows.count) else {
                errors.append(FieldError(field: "votes", message: "\(row.name)的测评票数应为 0 到 \(max(voters, rows.count)) 之间的整数"))
                return nil
            }
            return number
        }
        var entries: [DemocraticReviewRules.Entry] = []
        for row in rows {
            row.selfGrade = grade(input.selfGrade, row, field: "selfGrade")
            let peer = input.peer?["\(row.memberID)"]?.trimmed ?? ""
            if peer.count > 300 { errors.append(FieldError(field: "peer", message: "\(row.name)的互评意见不能超过 300 字")) }
            row.peerNote = peer.isEmpty ? nil : peer
            row.votesExcellent = votes(input.excellent, row)
            row.votesQualified = votes(input.qualified, row)
            row.votesBasic = votes(input.basic, row)
            row.votesUnqualified = votes(input.unqualified, row)
            let ballots = [row.votesExcellent, row.votesQualified, row.votesBasic, row.votesUnqualified].compactMap { $0 }.reduce(0, +)
            if ballots > max(voters, 1) {
                errors.append(FieldError(field: "votes", message: "\(row.name)的测评票合计 \(ballots) 张，多于出席的 \(voters) 人"))
            }
            row.grade = grade(input.grade, row, field: "grade")
            entries.append(.init(memberID: row.memberID, name: row.name, isProbationary: probationary.contains(row.memberID), grade: row.grade))
        }
        guard errors.isEmpty else { throw FormProblems(errors) }
        do { try DemocraticReviewRules(rules: request.services.rules).check(entries) } catch {
            throw FormProblems(field: "grade", error.message)
        }
        let graded = entries.filter { $0.grade != nil }
        let summary = ReviewGrade.allCases.map { grade in "\(grade.chinese) \(graded.count { $0.grade == grade }) 人" }.joined(separator: "，")
        try await request.write { database in
            for row in rows { try await row.update(on: database) }
            return ((), AuditEvent("activity.review", target: "activity", id: model.id, organization: model.organizationID,
                                   detail: "民主评议评定等次：\(summary)"))
        }
    }
}
