import DangjianCore
import DangjianHTML
import Fluent
import Vapor

/// The library in the browser: a member's 必学 and menu, a course, a lesson with its player or text and its check; the
/// keepers' courses, lessons, files, questions and 必学.
struct LibraryPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let learning = routes.grouped("learning")
        learning.get(use: home).requires(.ownRecord)
        learning.get("courses", ":id", use: course).requires(.ownRecord)
        learning.get("lessons", ":id", use: lesson).requires(.ownRecord)
        learning.get("lessons", ":id", "media", use: media).requires(.ownRecord)
        learning.post("lessons", ":id", "read", use: read).requires(.ownRecord)
        learning.post("lessons", ":id", "check", use: check).requires(.ownRecord)
        learning.get("required", ":id", use: required).requires(.ownRecord)
        learning.get("required", ":id", "export", use: exportRequired).requires(.learningWrite)
        let manage = learning.grouped("manage")
        manage.get(use: manageList).requires(.learningWrite)
        manage.post(use: createCourse).requires(.learningWrite)
        manage.get("courses", ":id", use: manageCourse).requires(.learningWrite)
        manage.post("courses", ":id", use: editCourse).requires(.learningWrite)
        manage.post("courses", ":id", "publish", use: publish).requires(.learningWrite)
        manage.post("courses", ":id", "lessons", use: addLesson).requires(.learningWrite)
        manage.post("lessons", ":id", "questions", use: addQuestion).requires(.learningWrite)
        manage.post("assignments", use: assign).requires(.learningWrite)
    }

    // MARK: - Shared lookups

    /// Courses filed in the caller's `learningWrite` scopes, newest first.
    static func keptCourses(on request: Request) async throws -> [CourseModel] {
        var courses: [CourseModel] = []
        for scope in try request.policy.scopes(for: .learningWrite) {
            courses += try await CourseModel.query(on: request.db).filter(\.$path >= scope.value).filter(\.$path < scope.upperBound)
                .sort(\.$id, .descending).limit(300).all()
        }
        return courses
    }

    /// A lesson of a course the caller keeps, or 404.
    static func keptLesson(_ id: Int?, on request: Request) async throws -> (LessonModel, CourseModel) {
        guard let id, let lesson = try await LessonModel.find(id, on: request.db) else { throw Abort(.notFound, reason: "没有找到该课时") }
        return (lesson, try await LibraryWork.kept(lesson.courseID, on: request))
    }

    // MARK: - Studying

    struct HomePage {
        let layout: Layout
        let home: LibraryViews.Home
        let keeper: Bool
    }

    @Sendable func home(_ request: Request) async throws -> Page {
        Page(HomePage(layout: Layout(request, title: "学习"), home: try await LibraryViews.home(on: request),
                      keeper: try request.policy.holds(.learningWrite)).node)
    }

    struct CoursePage {
        let layout: Layout
        let view: LibraryViews.CourseView
        /// For a secretary who may assign it as 必学 to their organizations.
        let organizations: [SelectOption]
        let audiences: [SelectOption]
        let assignment: StudyAssignments.Input
        let errors: [FieldError]
        /// 点菜: the caller plans organizational life and may put this course on a 主题党日.
        let canPlan: Bool
    }

    func renderCoursePage(_ request: Request, _ course: CourseModel, assignment: StudyAssignments.Input? = nil, errors: [FieldError] = []) async throws -> Page {
        var organizations: [OrganizationModel] = []
        if try course.state == .published && request.policy.holds(.learningWrite) {
            organizations = try await OrganizationStore.inScope(for: .learningWrite, on: request, limit: 500)
                .filter { LibraryWork.reaches(course, memberPath: $0.orgPath) }
        }
        return Page(CoursePage(
            layout: Layout(request, title: course.title), view: try await LibraryViews.course(course, on: request),
            organizations: SelectOption.organizations(organizations, selected: assignment?.organizationID ?? organizations.first?.id),
            audiences: Self.audienceOptions(selected: assignment?.audience ?? course.audience),
            assignment: assignment ?? .init(courseID: course.id, organizationID: nil, audience: course.audience, due: request.today.adding(days: 30).description),
            errors: errors, canPlan: try request.policy.holds(.activityWrite)).node)
    }

    @Sendable func course(_ request: Request) async throws -> Page {
        try await renderCoursePage(request, try await LibraryWork.readable(request.parameters.get("id", as: Int.self), on: request))
    }

    struct LessonPage {
        let layout: Layout
        let view: LibraryViews.LessonView
        let result: LibraryWork.CheckResult?
        let errors: [FieldError]
        /// What was chosen in a check that is shown again.
        let typed: [String: String]
    }

    func renderLesson(_ request: Request, _ lesson: LessonModel, _ course: CourseModel, result: LibraryWork.CheckResult? = nil,
                      errors: [FieldError] = [], typed: [String: String] = [:]) async throws -> Page {
        Page(LessonPage(layout: Layout(request, title: lesson.title), view: try await LibraryViews.lesson(lesson, course: course, on: request),
                        result: result, errors: errors, typed: typed).node)
    }

    @Sendable func lesson(_ request: Request) async throws -> Page {
        let (lesson, course) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        return try await renderLesson(request, lesson, course)
    }

    @Sendable func media(_ request: Request) async throws -> Response {
        let (lesson, _) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        return try await LessonMedia.serve(lesson, on: request)
    }

    @Sendable func read(_ request: Request) async throws -> Response {
        let (lesson, course) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        do {
            try await LibraryWork.record(.init(readToEnd: true), lesson: lesson, course: course, on: request)
        } catch let problems as FormProblems {
            return try await renderLesson(request, lesson, course, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
        return request.redirect(to: "/learning/lessons/\(try lesson.requireID())?notice=readToEnd#check")
    }

    /// The check's form: `q<id>` for one answer, `q<id>-<letter>` for each ticked choice of a multiple-choice question.
    static func answers(from form: [String: String], questions: [QuestionModel]) -> [String: String] {
        var answers: [String: String] = [:]
        for question in questions {
            guard let id = question.id else { continue }
            if question.kind == .multiple {
                let letters = "ABCDEFGH".prefix(question.choices.count).filter { form["q\(id)-\($0)"] != nil }
                if !letters.isEmpty { answers[String(id)] = String(letters) }
            } else if let given = form["q\(id)"] {
                answers[String(id)] = given
            }
        }
        return answers
    }

    @Sendable func check(_ request: Request) async throws -> Response {
        let (lesson, course) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        let form = try request.content.decode([String: String].self)
        let questions = try await LibraryWork.checkQuestions(of: lesson, on: request.db)
        do {
            let result = try await LibraryWork.answer(.init(answers: Self.answers(from: form, questions: questions)), lesson: lesson, course: course, on: request)
            return try await renderLesson(request, lesson, course, result: result, typed: form).encodeResponse(for: request)
        } catch let problems as FormProblems {
            return try await renderLesson(request, lesson, course, errors: problems.errors, typed: form)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct RequiredPage {
        let layout: Layout
        let report: StudyAssignments.Report
    }

    /// A keeper sees who has completed it; a member it reaches goes to the course.
    @Sendable func required(_ request: Request) async throws -> Response {
        let id = request.parameters.get("id", as: Int.self)
        if try request.policy.holds(.learningWrite) {
            do {
                let report = try await StudyAssignments.report(id, on: request)
                return try await Page(RequiredPage(layout: Layout(request, title: "必学：\(report.courseTitle)"), report: report).node)
                    .encodeResponse(for: request)
            } catch let abort as Abort where abort.status == .notFound {}
        }
        if let member = try await DuesPages.ownMember(request),
           let item = try await StudyAssignments.items(for: member, on: request).first(where: { $0.assignmentID == id }) {
            return request.redirect(to: "/learning/courses/\(item.courseID)")
        }
        throw Abort(.notFound, reason: "没有找到该必学安排")
    }

    @Sendable func exportRequired(_ request: Request) async throws -> Response {
        try await StudyAssignments.export(try await StudyAssignments.report(request.parameters.get("id", as: Int.self), on: request), on: request)
    }

    // MARK: - Keeping the library

    struct ManagePage {
        let layout: Layout
        let courses: [LibraryViews.CourseSummary]
        let organizations: [SelectOption]
        let topics: [SelectOption]
        let audiences: [SelectOption]
        let reaches: [SelectOption]
        let typed: LibraryWork.CourseInput
        let errors: [FieldError]
    }

    static func reachOptions(selected: String?) -> [SelectOption] {
        SelectOption.list([("subtree", "本组织及下级"), ("everyone", "全体党员（县级及以上）")], selected: selected ?? "subtree")
    }

    static func audienceOptions(selected: String?) -> [SelectOption] {
        SelectOption.list(StudyAudience.allCases.map { ($0.rawValue, $0.chinese) }, selected: selected ?? StudyAudience.all.rawValue)
    }

    func renderManage(_ request: Request, typed: LibraryWork.CourseInput = .init(), errors: [FieldError] = []) async throws -> Page {
        let organizations = try await OrganizationStore.inScope(for: .learningWrite, on: request, limit: 500)
        let topics = try await LibraryViews.topics(on: request.db)
        return Page(ManagePage(
            layout: Layout(request, title: "学习资料管理"),
            courses: try await LibraryViews.summaries(try await Self.keptCourses(on: request), member: nil, rules: request.services.rules, on: request.db),
            organizations: SelectOption.organizations(organizations, selected: typed.organizationID ?? organizations.first?.id),
            topics: SelectOption.list(topics.map { (String($0.id), $0.name) }, selected: typed.topicID.map(String.init)),
            audiences: Self.audienceOptions(selected: typed.audience),
            reaches: Self.reachOptions(selected: typed.reach),
            typed: typed, errors: errors).node)
    }

    @Sendable func manageList(_ request: Request) async throws -> Page { try await renderManage(request) }

    @Sendable func createCourse(_ request: Request) async throws -> Response {
        let input = try request.content.decode(LibraryWork.CourseInput.self)
        do {
            let course = try await LibraryWork.createCourse(input, on: request)
            return request.redirect(to: "/learning/manage/courses/\(try course.requireID())?notice=created")
        } catch let problems as FormProblems {
            return try await renderManage(request, typed: input, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct CourseManagePage {
        let layout: Layout
        let view: LibraryViews.CourseView
        let course: LibraryWork.CourseInput
        let topics: [SelectOption]
        let audiences: [SelectOption]
        let reaches: [SelectOption]
        let organizations: [SelectOption]
        let assignments: [StudyAssignments.Report]
        let lesson: LibraryWork.LessonInput
        let question: (lessonID: Int, typed: LibraryWork.QuestionInput)?
        let assignment: StudyAssignments.Input
        let errors: [FieldError]
        /// Which form the errors belong to: `course`, `lesson`, `question`, `assign`, `publish`, `poster`, `image-<lesson>`.
        let failed: String?
        let maximumMegabytes: Int
        /// The pictures of each lesson.
        let images: [Int: [LearningImages.Image]]
    }

    func renderCourse(_ request: Request, _ course: CourseModel, failed: String? = nil, errors: [FieldError] = [],
                      course typedCourse: LibraryWork.CourseInput? = nil, lesson: LibraryWork.LessonInput = .init(),
                      question: (Int, LibraryWork.QuestionInput)? = nil, assignment: StudyAssignments.Input? = nil) async throws -> Page {
        let view = try await LibraryViews.course(course, on: request)
        let topics = try await LibraryViews.topics(on: request.db)
        let typed = typedCourse ?? .init(organizationID: course.organizationID, title: course.title, summary: course.summary, topicID: course.topicID,
                                         audience: course.audience, reach: course.reach.rawValue)
        var reports: [StudyAssignments.Report] = []
        let courseID = try course.requireID()
        for assignment in try await StudyAssignments.list(on: request) where assignment.courseID == courseID {
            var report = try await StudyAssignments.report(assignment.id, on: request)
            report.rows = []
            reports.append(report)
        }
        let organizations = try await OrganizationStore.inScope(for: .learningWrite, on: request, limit: 500)
            .filter { course.reach == .everyone || $0.path.hasPrefix(course.path) }
        let pictures = view.lessons.isEmpty ? [] : try await AttachmentModel.query(on: request.db).filter(\.$ownerType == LearningImages.imageOwner)
            .filter(\.$ownerID ~~ view.lessons.map(\.id)).sort(\.$id).all()
        let images = Dictionary(grouping: pictures, by: \.ownerID).reduce(into: [Int: [LearningImages.Image]]()) { result, lesson in
            result[lesson.key] = LearningImages.views(lesson.value, lesson: lesson.key, prefix: "")
        }
        return Page(CourseManagePage(
            layout: Layout(request, title: "课程：\(course.title)"), view: view, course: typed,
            topics: SelectOption.list(topics.map { (String($0.id), $0.name) }, selected: typed.topicID.map(String.init)),
            audiences: Self.audienceOptions(selected: typed.audience),
            reaches: Self.reachOptions(selected: typed.reach),
            organizations: SelectOption.organizations(organizations, selected: assignment?.organizationID ?? organizations.first?.id),
            assignments: reports, lesson: lesson, question: question,
            assignment: assignment ?? .init(courseID: courseID, organizationID: nil, audience: course.audience, due: request.today.adding(days: 30).description),
            errors: errors, failed: failed, maximumMegabytes: request.services.configuration.maxMediaMegabytes, images: images).node)
    }

    @Sendable func manageCourse(_ request: Request) async throws -> Page {
        try await renderCourse(request, try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request))
    }

    @Sendable func editCourse(_ request: Request) async throws -> Response {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(LibraryWork.CourseInput.self)
        do {
            try await LibraryWork.editCourse(course, input, on: request)
            return request.redirect(to: "/learning/manage/courses/\(try course.requireID())?notice=saved")
        } catch let problems as FormProblems {
            return try await renderCourse(request, course, failed: "course", errors: problems.errors, course: input)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func publish(_ request: Request) async throws -> Response {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        do {
            try await LibraryWork.publish(course, on: request)
            return request.redirect(to: "/learning/manage/courses/\(try course.requireID())?notice=published")
        } catch let problems as FormProblems {
            return try await renderCourse(request, course, failed: "publish", errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func addLesson(_ request: Request) async throws -> Response {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(LibraryWork.LessonInput.self)
        do {
            let lesson = try await LibraryWork.addLesson(to: course, input, on: request)
            return request.redirect(to: "/learning/manage/courses/\(try course.requireID())?notice=lessonAdded#lesson-\(try lesson.requireID())")
        } catch let problems as FormProblems {
            return try await renderCourse(request, course, failed: "lesson", errors: problems.errors, lesson: input)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// The question form: choices one per line.
    struct QuestionForm: Content {
        var kind: String?
        var stem: String?
        var options: String?
        var answer: String?
        var explanation: String?
        var difficulty: String?

        var input: LibraryWork.QuestionInput {
            .init(kind: kind, stem: stem, options: options.map { $0.split(whereSeparator: \.isNewline).map(String.init) }, answer: answer,
                  explanation: explanation, difficulty: difficulty)
        }
    }

    @Sendable func addQuestion(_ request: Request) async throws -> Response {
        let (lesson, course) = try await Self.keptLesson(request.parameters.get("id", as: Int.self), on: request)
        let input = try request.content.decode(QuestionForm.self).input
        do {
            _ = try await LibraryWork.addQuestion(to: lesson, of: course, input, on: request)
            return request.redirect(to: "/learning/manage/courses/\(try course.requireID())?notice=questionAdded#lesson-\(try lesson.requireID())")
        } catch let problems as FormProblems {
            return try await renderCourse(request, course, failed: "question", errors: problems.errors, question: (try lesson.requireID(), input))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func assign(_ request: Request) async throws -> Response {
        let input = try request.content.decode(StudyAssignments.Input.self)
        let course = try await LibraryWork.readable(input.courseID, on: request)
        do {
            let assignment = try await StudyAssignments.create(input, on: request)
            return request.redirect(to: "/learning/required/\(try assignment.requireID())?notice=assigned")
        } catch let problems as FormProblems {
            let page = try LibraryWork.keeps(course, on: request)
                ? try await renderCourse(request, course, failed: "assign", errors: problems.errors, assignment: input)
                : try await renderCoursePage(request, course, assignment: input, errors: problems.errors)
            return try await page.encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}
