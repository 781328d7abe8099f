import DangjianCore
import Fluent
import Vapor

/// The JSON side of the library: a member's 必学 and menu, courses and lessons, progress reported by the player, check
/// questions; keeping courses, lessons, files and questions; 必学 assignments and their standing.
struct LibraryAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let learning = routes.grouped("learning")
        learning.api(.GET, requires: .ownRecord, summary: "本人的学习：必学课程（到期的在前）、按专题的选学课程、本年度学时", use: home)
        learning.api(.GET, "topics", requires: .ownRecord, summary: "学习专题（党史、党章党规……）", use: topics)
        learning.api(.GET, "courses", requires: .learningWrite, summary: "负责范围内党组织的课程（含草稿）", use: kept)
        learning.api(.POST, "courses", requires: .learningWrite, summary: "新建课程（草稿）：名称、专题、学习对象、发布范围",
                     body: LibraryWork.CourseInput.self, status: .created, use: createCourse)
        learning.api(.GET, "courses", ":id", requires: .ownRecord, summary: "一门课程及其课时（含本人完成情况）", use: course)
        learning.api(.PUT, "courses", ":id", requires: .learningWrite, summary: "修改课程", body: LibraryWork.CourseInput.self, use: editCourse)
        learning.api(.POST, "courses", ":id", "publish", requires: .learningWrite, summary: "发布课程（每个课时须已有文件和时长）", use: publish)
        learning.api(.POST, "courses", ":id", "lessons", requires: .learningWrite, summary: "给课程添加课时（图文、文档、视频或音频）",
                     body: LibraryWork.LessonInput.self, status: .created, use: addLesson)
        learning.api(.GET, "lessons", ":id", requires: .ownRecord, summary: "一个课时：正文或播放地址、本人进度、检测题（不含答案）", use: lesson)
        learning.api(.POST, "lessons", ":id", "progress", requires: .ownRecord,
                     summary: "报告播放的片段（起止秒数）或已读完；去重后达到规定比例即完成并计入学时（不按在线时长）",
                     body: LibraryWork.ProgressInput.self, use: progress)
        learning.api(.POST, "lessons", ":id", "check", requires: .ownRecord, summary: "提交课后检测答案；通过后显示答案和解析",
                     body: LibraryWork.CheckInput.self, use: check)
        learning.api(.POST, "lessons", ":id", "questions", requires: .learningWrite, summary: "给课时添加检测题",
                     body: LibraryWork.QuestionInput.self, status: .created, use: addQuestion)
        learning.download("lessons", ":id", "media", requires: .ownRecord, summary: "课时的视频、音频或 PDF（支持 Range 分段请求，可拖动进度）",
                          produces: FileKind.lessonMedia.map(\.contentType).sorted(), use: media)
        learning.streamUpload("lessons", ":id", "media", requires: .learningWrite,
                              summary: "上传课时的视频、音频或 PDF（请求体即文件，类型按内容判断、不看 Content-Type；边收边写入磁盘；大小上限可配置）",
                              query: LessonMedia.UploadQuery.self, mediaTypes: ["application/octet-stream", "video/mp4", "application/pdf"],
                              use: upload)
        learning.api(.POST, "group-study", requires: .activityWrite,
                     summary: "登记集中学习：会议上一起学习一门课程，到会签到的党员计入该课程学时（每门课程一次）",
                     body: GroupStudy.Input.self, status: .created, use: groupStudy)
        learning.api(.GET, "assignments", requires: .learningWrite, summary: "负责范围内的必学安排", use: assignments)
        learning.api(.POST, "assignments", requires: .learningWrite, summary: "安排必学：课程、党组织、学习对象、完成期限",
                     body: StudyAssignments.Input.self, status: .created, use: assign)
        learning.api(.GET, "assignments", ":id", requires: .learningWrite, summary: "一项必学的完成情况（未完成的在前）", use: assignment)
        learning.download("assignments", ":id", "export", requires: .learningWrite,
                          summary: "一项必学的完成情况（.xlsx）：各党组织人数和每名党员的完成课时", produces: [Downloads.xlsxType], use: exportAssignment)
    }

    @Sendable func home(_ request: Request) async throws -> LibraryViews.Home { try await LibraryViews.home(prefix: "/api/v1", on: request) }

    @Sendable func topics(_ request: Request) async throws -> [LibraryViews.Topic] { try await LibraryViews.topics(on: request.db) }

    @Sendable func kept(_ request: Request) async throws -> [LibraryViews.CourseSummary] {
        try await LibraryViews.summaries(try await LibraryPages.keptCourses(on: request), member: nil, rules: request.services.rules, prefix: "/api/v1", on: request.db)
    }

    @Sendable func createCourse(_ request: Request, _ input: LibraryWork.CourseInput) async throws -> LibraryViews.CourseView {
        try await LibraryViews.course(try await LibraryWork.createCourse(input, on: request), prefix: "/api/v1", on: request)
    }

    @Sendable func course(_ request: Request) async throws -> LibraryViews.CourseView {
        try await LibraryViews.course(try await LibraryWork.readable(request.parameters.get("id", as: Int.self), on: request), prefix: "/api/v1", on: request)
    }

    @Sendable func editCourse(_ request: Request, _ input: LibraryWork.CourseInput) async throws -> LibraryViews.CourseView {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        try await LibraryWork.editCourse(course, input, on: request)
        return try await LibraryViews.course(course, prefix: "/api/v1", on: request)
    }

    @Sendable func publish(_ request: Request) async throws -> LibraryViews.CourseView {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        try await LibraryWork.publish(course, on: request)
        return try await LibraryViews.course(course, prefix: "/api/v1", on: request)
    }

    @Sendable func addLesson(_ request: Request, _ input: LibraryWork.LessonInput) async throws -> LibraryViews.LessonView {
        let course = try await LibraryWork.kept(request.parameters.get("id", as: Int.self), on: request)
        return try await LibraryViews.lesson(try await LibraryWork.addLesson(to: course, input, on: request), course: course, prefix: "/api/v1", on: request)
    }

    @Sendable func lesson(_ request: Request) async throws -> LibraryViews.LessonView {
        let (lesson, course) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        return try await LibraryViews.lesson(lesson, course: course, prefix: "/api/v1", on: request)
    }

    @Sendable func progress(_ request: Request, _ input: LibraryWork.ProgressInput) async throws -> LibraryViews.LessonView {
        let (lesson, course) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        try await LibraryWork.record(input, lesson: lesson, course: course, on: request)
        return try await LibraryViews.lesson(lesson, course: course, prefix: "/api/v1", on: request)
    }

    @Sendable func check(_ request: Request, _ input: LibraryWork.CheckInput) async throws -> LibraryWork.CheckResult {
        let (lesson, course) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        return try await LibraryWork.answer(input, lesson: lesson, course: course, on: request)
    }

    @Sendable func addQuestion(_ request: Request, _ input: LibraryWork.QuestionInput) async throws -> LibraryViews.Question {
        let (lesson, course) = try await LibraryPages.keptLesson(request.parameters.get("id", as: Int.self), on: request)
        let question = try await LibraryWork.addQuestion(to: lesson, of: course, input, on: request)
        return LibraryViews.Question(id: try question.requireID(), kind: question.kind, kindLabel: question.kind.chinese, stem: question.stem,
                                     options: question.choices)
    }

    @Sendable func media(_ request: Request) async throws -> Response {
        let (lesson, _) = try await LibraryWork.readableLesson(request.parameters.get("id", as: Int.self), on: request)
        return try await LessonMedia.serve(lesson, on: request)
    }

    @Sendable func upload(_ request: Request, _ query: LessonMedia.UploadQuery) async throws -> LibraryViews.LessonView {
        let (lesson, course) = try await LibraryPages.keptLesson(request.parameters.get("id", as: Int.self), on: request)
        let updated = try await LessonMedia.attach(request, query, to: lesson, of: course)
        return try await LibraryViews.lesson(updated, course: course, prefix: "/api/v1", on: request)
    }

    @Sendable func groupStudy(_ request: Request, _ input: GroupStudy.Input) async throws -> GroupStudy.Recorded {
        try await GroupStudy.record(input, on: request)
    }

    @Sendable func assignments(_ request: Request) async throws -> [StudyAssignments.Report] {
        var reports: [StudyAssignments.Report] = []
        for assignment in try await StudyAssignments.list(on: request).prefix(50) {
            var report = try await StudyAssignments.report(assignment.id, on: request)
            report.rows = []
            reports.append(report)
        }
        return reports
    }

    @Sendable func assign(_ request: Request, _ input: StudyAssignments.Input) async throws -> StudyAssignments.Report {
        try await StudyAssignments.report(try await StudyAssignments.create(input, on: request).id, on: request)
    }

    @Sendable func assignment(_ request: Request) async throws -> StudyAssignments.Report {
        try await StudyAssignments.report(request.parameters.get("id", as: Int.self), on: request)
    }

    @Sendable func exportAssignment(_ request: Request) async throws -> Response {
        try await StudyAssignments.export(try await StudyAssignments.report(request.parameters.get("id", as: Int.self), on: request), on: request)
    }
}
