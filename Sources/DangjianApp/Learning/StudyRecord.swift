import DangjianCore
import Fluent
import Foundation
import Vapor

/// 学习档案: what a member has completed and mastered — the year's 学时, the courses finished (each with its
/// certificate), the levels passed and the contests taken. Never time online (RULES.md §7).
struct StudyRecord: Content {
    struct Course: Content {
        let courseID: Int
        let title: String
        let completedOn: CalendarDate
        let hours: String
    }

    struct Contest: Content {
        let contestID: Int
        let title: String
        /// Shown once the contest has closed.
        let percent: Int?
        let submitted: Bool
    }

    let year: Int
    let hours: String
    let required: String
    let met: Bool
    let lessonsCompleted: Int
    let courses: [Course]
    /// Practice papers handed in this year and their average score.
    let practicePapers: Int
    let practiceAverage: Int?
    /// 答题闯关: levels passed, over all topics.
    let levelsPassed: Int
    let contests: [Contest]

    static func load(_ member: MemberModel, on request: Request) async throws -> StudyRecord {
        let memberID = try member.requireID()
        let year = request.today.year
        let hours = try await ClassHoursWork.view(member, year: year, on: request)
        let done = try await LessonProgressModel.query(on: request.db).filter(\.$memberID == memberID).filter(\.$completedOn != nil).all()
        let lessons = try await LessonModel.query(on: request.db).filter(\.$id ~~ done.map(\.lessonID)).all()
        let courseIDs = Set(lessons.map(\.courseID))
        let allLessons = try await LessonModel.query(on: request.db).filter(\.$courseID ~~ courseIDs).all()
        let completedOn = Dictionary(done.compactMap { progress in progress.completedOn.map { (progress.lessonID, $0) } }, uniquingKeysWith: { first, _ in first })
        let tenths = Dictionary(done.map { ($0.lessonID, $0.tenths) }, uniquingKeysWith: { first, _ in first })
        var courses: [Course] = []
        for course in try await CourseModel.query(on: request.db).filter(\.$id ~~ courseIDs).all() {
            guard let id = course.id else { continue }
            let own = allLessons.filter { $0.courseID == id }
            let dates = own.compactMap { $0.id.flatMap { completedOn[$0] } }
            guard !own.isEmpty, dates.count == own.count, let last = dates.max() else { continue }
            courses.append(Course(courseID: id, title: course.title, completedOn: last,
                                  hours: ClassHours.text(own.reduce(0) { $0 + ($1.id.flatMap { tenths[$0] } ?? 0) })))
        }
        let attempts = try await QuizAttemptModel.query(on: request.db).filter(\.$memberID == memberID).filter(\.$submittedAt != nil).all()
        let practice = attempts.filter { attempt in
            attempt.kind == .practice && attempt.submittedAt.map { CalendarDate(Date(timeIntervalSince1970: $0)).year == year } == true
        }.compactMap(\.percent)
        let contestAttempts = attempts.filter { $0.kind == .contest }
        let contestModels = try await ContestModel.query(on: request.db).filter(\.$id ~~ contestAttempts.compactMap(\.contestID)).all()
        let now = request.now.timeIntervalSince1970
        let contests = contestModels.compactMap { contest -> Contest? in
            guard let id = contest.id, let attempt = contestAttempts.first(where: { $0.contestID == id }) else { return nil }
            return Contest(contestID: id, title: contest.title, percent: contest.window.resultsVisible(at: now) ? attempt.percent : nil,
                           submitted: attempt.submittedAt != nil)
        }
        return StudyRecord(
            year: year, hours: hours.earned, required: hours.required, met: hours.met, lessonsCompleted: done.count,
            courses: courses.sorted { $0.completedOn > $1.completedOn }, practicePapers: practice.count,
            practiceAverage: practice.isEmpty ? nil : practice.reduce(0, +) / practice.count,
            levelsPassed: attempts.filter { $0.kind == .challenge && $0.passed == true }.map { "\($0.topicID ?? 0)-\($0.level ?? 0)" }.uniqued().count,
            contests: contests)
    }
}
