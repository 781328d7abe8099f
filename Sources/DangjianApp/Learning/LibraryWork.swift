import DangjianCore
import Fluent
import Foundation
import Vapor

/// 学习资料库: who may see a course (its organization's subtree, or everyone when the county publishes it), keeping
/// courses, lessons and check questions, and each member's progress — credited as 学时 by completion only.
enum LibraryWork {
    // MARK: - Who sees what

    /// The stored paths of `path` and every organization above it: a course or 必学 filed at any of them reaches `path`.
    static func selfAndAncestors(_ path: OrgPath) -> [String] {
        var result: [String] = []
        var current = OrgPath.root
        for id in path.ids {
            current = current.appending(id)
            result.append(current.value)
        }
        return result
    }

    /// Whether the caller keeps the course (`learningWrite` where it is filed).
    static func keeps(_ course: CourseModel, on request: Request) throws -> Bool {
        try request.policy.allows(.learningWrite, at: OrgPath(stored: course.path))
    }

    /// Whether a published course reaches a member filed at `path`.
    static func reaches(_ course: CourseModel, memberPath: OrgPath) -> Bool {
        course.state == .published && (course.reach == .everyone || memberPath.value.hasPrefix(course.path))
    }

    /// A course the caller may read: published and reaching their own record, or kept by them. Anything else is a 404
    /// like a missing one.
    static func readable(_ id: Int?, on request: Request) async throws -> CourseModel {
        guard let id, let course = try await CourseModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该课程") }
        if try keeps(course, on: request) { return course }
        if let member = try await DuesPages.ownMember(request), reaches(course, memberPath: member.orgPath) { return course }
        await request.auditDenied("learning.read", target: "course", id: id, detail: "课程不在本人可学范围内")
        throw Abort(.notFound, reason: "没有找到该课程")
    }

    /// A course the caller keeps, or 404.
    static func kept(_ id: Int?, on request: Request) async throws -> CourseModel {
        guard let id, let course = try await CourseModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该课程") }
        guard try keeps(course, on: request) else {
            await request.auditDenied("learning.edit", target: "course", id: id, detail: "超出管理范围（\(Permission.learningWrite.chinese)）")
            throw Abort(.notFound, reason: "没有找到该课程")
        }
        return course
    }

    /// A lesson of a readable course.
    static func readableLesson(_ id: Int?, on request: Request) async throws -> (LessonModel, CourseModel) {
        guard let id, let lesson = try await LessonModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该课时") }
        return (lesson, try await readable(lesson.courseID, on: request))
    }

    /// Published courses reaching a member filed at `path`, newest first.
    static func courses(reaching path: OrgPath, on database: any Database) async throws -> [CourseModel] {
        try await CourseModel.query(on: database).filter(\.$state == .published)
            .group(.or) { $0.filter(\.$reach == .everyone).filter(\.$path ~~ selfAndAncestors(path)) }
            .sort(\.$publishedOn, .descending).sort(\.$id, .descending).limit(500).all()
    }

    // MARK: - Keeping courses

    struct CourseInput: Content {
        var organizationID: Int?
        var title: String?
        var summary: String?
        var topicID: Int?
        /// A `StudyAudience` value: `all`, `leaders`, `probationary`, `mobile`, `elderly`, `category:farmer` …
        var audience: String?
        /// `subtree` (the organization's own) or `everyone` (from the county level only).
        var reach: String?
    }

    struct Checked {
        let title: String
        let summary: String
        let topicID: Int
        let audience: StudyAudience
        let reach: CourseModel.Reach
    }

    static func check(_ input: CourseInput, organization: OrganizationModel, on request: Request) async throws -> Checked {
        var problems: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(2...60).contains(title.count) { problems.append(FieldError(field: "title", message: "请填写课程名称（2–60 字）")) }
        let summary = input.summary?.trimmed ?? ""
        if summary.count > 500 { problems.append(FieldError(field: "summary", message: "课程简介不超过 500 字（现有 \(summary.count) 字）")) }
        var topicID = 0
        if let id = input.topicID, try await LearningTopicModel.find(id, on: request.db) != nil {
            topicID = id
        } else {
            problems.append(FieldError(field: "topicID", message: "请选择课程所属专题"))
        }
        let audience = StudyAudience(rawValue: input.audience ?? "all")
        if audience == nil { problems.append(FieldError(field: "audience", message: "请选择学习对象")) }
        let reach = CourseModel.Reach(rawValue: input.reach ?? "subtree")
        if reach == nil { problems.append(FieldError(field: "reach", message: "请选择发布范围")) }
        if reach == .everyone && organization.orgPath.depth > request.services.configuration.countyDepth {
            problems.append(FieldError(field: "reach", message: "只有县级（及以上）党组织可以发布给全体党员；\(organization.name)发布的课程面向本组织及下级"))
        }
        guard problems.isEmpty, let audience, let reach else { throw FormProblems(problems) }
        return Checked(title: title, summary: summary, topicID: topicID, audience: audience, reach: reach)
    }

    static func createCourse(_ input: CourseInput, on request: Request) async throws -> CourseModel {
        let actor = try request.requireActor()
        let organization = try await OrganizationStore.find(input.organizationID, for: .learningWrite, on: request)
        let checked = try await check(input, organization: organization, on: request)
        let now = request.now.timeIntervalSince1970
        let course = CourseModel()
        course.organizationID = try organization.requireID()
        course.path = organization.path
        course.state = .draft
        course.authorID = actor.accountID
        course.createdAt = now
        course.updatedAt = now
        store(checked, in: course)
        return try await request.write { database in
            try await course.create(on: database)
            return (course, AuditEvent("learning.course.create", target: "course", id: course.id, organization: course.organizationID,
                                       detail: "新建课程《\(checked.title)》"))
        }
    }

    private static func store(_ checked: Checked, in course: CourseModel) {
        course.title = checked.title
        course.summary = checked.summary
        course.topicID = checked.topicID
        course.audience = checked.audience.rawValue
        course.reach = checked.reach
    }

    static func editCourse(_ course: CourseModel, _ input: CourseInput, on request: Request) async throws {
        guard let organization = try await OrganizationModel.find(course.organizationID, on: request.db) else { throw Abort(.notFound) }
        let checked = try await check(input, organization: organization, on: request)
        store(checked, in: course)
        course.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await course.update(on: database)
            return ((), AuditEvent("learning.course.edit", target: "course", id: course.id, organization: course.organizationID,
                                   detail: "修改课程《\(checked.title)》"))
        }
    }

    /// Publishes a course whose lessons are all ready (a played or PDF lesson has its file).
    static func publish(_ course: CourseModel, on request: Request) async throws {
        let lessons = try await LessonModel.query(on: request.db).filter(\.$courseID == course.requireID()).all()
        guard !lessons.isEmpty else { throw FormProblems(field: "state", "课程还没有课时，添加至少一个课时后才能发布") }
        if let missing = lessons.first(where: { $0.kind != .text && $0.mediaID == nil }) {
            throw FormProblems(field: "state", "课时“\(missing.title)”还没有上传\(missing.kind.chinese)文件")
        }
        if let unknown = lessons.first(where: { $0.kind.isPlayed && $0.durationSeconds <= 0 }) {
            throw FormProblems(field: "state", "课时“\(unknown.title)”还没有时长（无法从文件读出时请填写），完成进度按时长计算")
        }
        guard course.state == .draft else { throw FormProblems(field: "state", "课程已经发布") }
        course.state = .published
        course.publishedOn = request.today
        course.updatedAt = request.now.timeIntervalSince1970
        try await request.write { database in
            try await course.update(on: database)
            return ((), AuditEvent("learning.course.publish", target: "course", id: course.id, organization: course.organizationID,
                                   detail: "发布课程《\(course.title)》（\(course.reach == .everyone ? "全体党员" : "本组织及下级")）"))
        }
    }

    // MARK: - Lessons and their check questions

    struct LessonInput: Content {
        var title: String?
        /// `text`, `pdf`, `video` or `audio`.
        var kind: String?
        /// The text of a 图文 lesson (blank lines between paragraphs, `## ` before a heading), or an introduction.
        var body: String?
        /// For text and PDF: minutes a reader needs (its 学时 follow from it).
        var readingMinutes: Int?
    }

    static func addLesson(to course: CourseModel, _ input: LessonInput, on request: Request) async throws -> LessonModel {
        var problems: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(2...60).contains(title.count) { problems.append(FieldError(field: "title", message: "请填写课时名称（2–60 字）")) }
        let kind = LessonKind(rawValue: input.kind ?? "")
        if kind == nil { problems.append(FieldError(field: "kind", message: "请选择课时类型（图文、文档、视频或音频）")) }
        let body = (input.body ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if kind == .text && body.count < 20 { problems.append(FieldError(field: "body", message: "图文课时请填写正文（至少 20 字）")) }
        if body.count > 30_000 { problems.append(FieldError(field: "body", message: "正文不超过 30000 字（现有 \(body.count) 字）")) }
        let minutes = input.readingMinutes ?? 0
        if kind?.isPlayed == false && !(1...240).contains(minutes) {
            problems.append(FieldError(field: "readingMinutes", message: "请填写阅读所需分钟数（1–240），学时按此计算"))
        }
        guard problems.isEmpty, let kind else { throw FormProblems(problems) }
        let courseID = try course.requireID()
        let position = (try await LessonModel.query(on: request.db).filter(\.$courseID == courseID).max(\.$position) ?? 0) + 1
        let lesson = LessonModel()
        lesson.courseID = courseID
        lesson.position = position
        lesson.title = title
        lesson.kind = kind
        lesson.body = body
        lesson.durationSeconds = 0
        lesson.readingMinutes = kind.isPlayed ? 0 : minutes
        lesson.createdAt = request.now.timeIntervalSince1970
        return try await request.write { database in
            try await lesson.create(on: database)
            return (lesson, AuditEvent("learning.lesson.create", target: "lesson", id: lesson.id, organization: course.organizationID,
                                       detail: "《\(course.title)》添加\(kind.chinese)课时“\(title)”"))
        }
    }

    struct QuestionInput: Content {
        /// `single`, `multiple`, `true-false` or `fill-in`.
        var kind: String?
        var stem: String?
        /// The choices of a choice question, in order (A, B, C …).
        var options: [String]?
        /// Letters (`A`, `AC`), `对`/`错`, or the blanks' answers (`1921|嘉兴`, alternatives with `/`).
        var answer: String?
        var explanation: String?
        var difficulty: String?
    }

    static func addQuestion(to lesson: LessonModel, of course: CourseModel, _ input: QuestionInput, on request: Request) async throws -> QuestionModel {
        let draft: QuestionDraft
        switch QuestionDraft.check(kind: input.kind, difficulty: input.difficulty ?? Difficulty.medium.rawValue, stem: input.stem,
                                   options: input.options, answer: input.answer, explanation: input.explanation) {
        case .success(let checked): draft = checked
        case .failure(let problems): throw FormProblems(problems.errors)
        }
        let question = try QuestionBankWork.model(draft, topic: course.topicID, source: "《\(course.title)》", organization: course.organizationID,
                                                  path: course.path, lesson: try lesson.requireID(), now: request.now.timeIntervalSince1970)
        return try await request.write { database in
            try await question.create(on: database)
            return (question, AuditEvent("learning.question.create", target: "question", id: question.id, organization: course.organizationID,
                                         detail: "课时“\(lesson.title)”添加检测题"))
        }
    }

    static func checkQuestions(of lesson: LessonModel, on database: any Database) async throws -> [QuestionModel] {
        try await QuestionModel.query(on: database).filter(\.$lessonID == lesson.requireID()).sort(\.$id).all()
    }

    // MARK: - A member's progress

    /// The member record of the caller, who is studying; an account without one cannot record progress.
    static func student(_ request: Request) async throws -> MemberModel {
        guard let member = try await DuesPages.ownMember(request) else { throw Abort(.notFound, reason: "您的账号没有关联党员档案，学习进度无法记录") }
        return member
    }

    static func progress(of member: MemberModel, in lessonIDs: [Int], on database: any Database) async throws -> [Int: LessonProgressModel] {
        guard !lessonIDs.isEmpty else { return [:] }
        let rows = try await LessonProgressModel.query(on: database).filter(\.$memberID == member.requireID()).filter(\.$lessonID ~~ lessonIDs).all()
        return Dictionary(rows.map { ($0.lessonID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    struct PlayedRange: Content {
        var from: Double
        var to: Double
    }

    struct ProgressInput: Content {
        /// Ranges of the media the player played since its last report, in seconds.
        var played: [PlayedRange]?
        /// A text or PDF lesson read to its end.
        var readToEnd: Bool?
    }

    /// Records what the player or reader reports; completes the lesson (and credits its 学时) once its rule is met.
    @discardableResult
    static func record(_ input: ProgressInput, lesson: LessonModel, course: CourseModel, on request: Request) async throws -> LessonProgressModel {
        let member = try await student(request)
        let memberID = try member.requireID()
        let lessonID = try lesson.requireID()
        guard reaches(course, memberPath: member.orgPath) else { throw FormProblems(field: "lesson", "课程尚未发布或不面向您，学习进度不记录") }
        let reported = (input.played ?? []).prefix(200)
        if lesson.kind.isPlayed && reported.isEmpty && input.readToEnd == nil {
            throw FormProblems(field: "played", "请报告播放的片段（played：起止秒数）")
        }
        let rules = request.services.rules
        let today = request.today
        let questions = try await checkQuestions(of: lesson, on: request.db).count
        return try await request.write { database in
            let progress = try await LessonProgressModel.query(on: database).filter(\.$memberID == memberID).filter(\.$lessonID == lessonID).first()
                ?? fresh(lesson: lessonID, member: memberID)
            var played = progress.playedRanges
            // Players report stretches of seconds; slivers are noise, and a record of thousands of pieces is not play.
            for range in reported where range.to - range.from >= 0.5 {
                played.add(from: range.from, to: min(range.to, max(lesson.durationSeconds, 0) + 1))
            }
            guard played.ranges.count <= 2000 else { throw FormProblems(field: "played", "报告的播放片段过多，本次不记录") }
            progress.played = String(decoding: try JSONEncoder().encode(played), as: UTF8.self)
            if input.readToEnd == true && !lesson.kind.isPlayed { progress.readToEnd = true }
            progress.updatedAt = request.now.timeIntervalSince1970
            let completedNow = complete(progress, lesson: lesson, questions: questions, today: today, rules: rules)
            try await progress.save(on: database)
            let what = lesson.kind.isPlayed
                ? "已播放 \(LessonCredit.clock(played.covered(of: lesson.durationSeconds))) / \(LessonCredit.clock(lesson.durationSeconds))"
                : (progress.readToEnd ? "已读完" : "阅读中")
            return (progress, AuditEvent("learning.progress", target: "lesson", id: lessonID, organization: member.organizationID,
                                         detail: "\(member.name)学习“\(lesson.title)”：\(what)" + (completedNow ? "，完成并计入学时" : "")))
        }
    }

    private static func fresh(lesson: Int, member: Int) -> LessonProgressModel {
        let progress = LessonProgressModel()
        progress.lessonID = lesson
        progress.memberID = member
        progress.played = "{\"ranges\":[]}"
        progress.readToEnd = false
        progress.tenths = 0
        return progress
    }

    /// Marks the lesson complete when its rule is met; true when that happened now.
    static func complete(_ progress: LessonProgressModel, lesson: LessonModel, questions: Int, today: CalendarDate, rules: RuleBook) -> Bool {
        guard progress.completedOn == nil else { return false }
        let passed: Bool? = questions == 0 ? nil
            : LessonCredit.passes(correct: progress.checkCorrect ?? 0, of: progress.checkTotal ?? 0, rules: rules) && progress.checkTotal == questions
        let state = LessonProgress(readToEnd: progress.readToEnd, played: progress.playedRanges, checkPassed: passed)
        guard state.isComplete(kind: lesson.kind, durationSeconds: lesson.durationSeconds, rules: rules) else { return false }
        progress.completedOn = today
        progress.tenths = LessonCredit.tenths(kind: lesson.kind, durationSeconds: lesson.durationSeconds, readingMinutes: lesson.readingMinutes, rules: rules)
        return true
    }

    struct CheckInput: Content {
        /// Each question's answer by its id: letters, 对/错, or the blanks separated by `|`.
        var answers: [String: String]?
    }

    struct CheckResult: Content {
        struct Item: Content {
            let questionID: Int
            let correct: Bool
            /// Shown once the check is passed, so that a failed try is not a copy of the key.
            let answer: String?
            let explanation: String?
        }
        let correct: Int
        let total: Int
        let passed: Bool
        let passPercent: Int
        let lessonComplete: Bool
        let items: [Item]
    }

    /// Marks the check questions; passing them (with the lesson played or read) completes the lesson.
    static func answer(_ input: CheckInput, lesson: LessonModel, course: CourseModel, on request: Request) async throws -> CheckResult {
        let member = try await student(request)
        let memberID = try member.requireID()
        let lessonID = try lesson.requireID()
        guard reaches(course, memberPath: member.orgPath) else { throw FormProblems(field: "lesson", "课程尚未发布或不面向您，检测结果不记录") }
        let questions = try await checkQuestions(of: lesson, on: request.db)
        guard !questions.isEmpty else { throw FormProblems(field: "answers", "本课时没有检测题") }
        let answers = input.answers ?? [:]
        let unanswered = questions.filter { ($0.id.flatMap { answers[String($0)] }?.trimmed ?? "").isEmpty }
        guard unanswered.isEmpty else {
            throw FormProblems(field: "answers", "还有 \(unanswered.count) 道题没有作答（第 \(unanswered.compactMap { questions.firstIndex(of: $0).map { $0 + 1 } }.map(String.init).joined(separator: "、")) 题）")
        }
        let marks = questions.map { question in question.key.accepts(question.id.flatMap { answers[String($0)] } ?? "") }
        let correct = marks.filter { $0 }.count
        let rules = request.services.rules
        let passed = LessonCredit.passes(correct: correct, of: questions.count, rules: rules)
        let today = request.today
        let progress: LessonProgressModel = try await request.write { database in
            let progress = try await LessonProgressModel.query(on: database).filter(\.$memberID == memberID).filter(\.$lessonID == lessonID).first()
                ?? fresh(lesson: lessonID, member: memberID)
            // A later, worse try does not undo a pass.
            if progress.completedOn == nil || passed {
                progress.checkCorrect = correct
                progress.checkTotal = questions.count
            }
            progress.updatedAt = request.now.timeIntervalSince1970
            let completedNow = complete(progress, lesson: lesson, questions: questions.count, today: today, rules: rules)
            try await progress.save(on: database)
            return (progress, AuditEvent("learning.check", target: "lesson", id: lessonID, organization: member.organizationID,
                                         detail: "\(member.name)课后检测“\(lesson.title)”：答对 \(correct)/\(questions.count)"
                                            + (passed ? "，通过" : "，未通过") + (completedNow ? "，课时完成并计入学时" : "")))
        }
        return CheckResult(correct: correct, total: questions.count, passed: passed, passPercent: rules.value(.learningCheckPassPercent),
                           lessonComplete: progress.completedOn != nil,
                           items: zip(questions, marks).compactMap { question, mark in
                               question.id.map { CheckResult.Item(questionID: $0, correct: mark, answer: passed ? question.answer : nil,
                                                                  explanation: passed ? question.explanation : nil) }
                           })
    }
}

extension QuestionModel: Equatable {
    static func == (lhs: QuestionModel, rhs: QuestionModel) -> Bool { lhs.id == rhs.id }
}
