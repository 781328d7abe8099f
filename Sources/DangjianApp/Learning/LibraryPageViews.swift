import Foundation
import DangjianCore
import DangjianHTML

enum LibraryParts {
    /// A course as a card: its topic, how many lessons, 学时, and how far the member has come.
    static func card(_ course: LibraryViews.CourseSummary, link: String) -> Node {
        article(.class("card course-card")) {
            if let poster = course.posterURL { a(.href(link), .class("poster-link"), .ariaHidden("true"), Attribute("tabindex", "-1")) { LibraryParts.poster(poster) } }
            h3 { a(.href(link)) { course.title } }
            p(.class("muted small")) {
                "\(course.topic) · \(course.lessons) 课时 · \(course.hours) 学时 · \(course.audienceLabel)"
                if course.state == .draft { " · "; span(.class("warn-tag")) { "草稿" } }
            }
            if !course.summary.isEmpty { p { course.summary } }
            if course.lessons > 0 && course.completed > 0 {
                p(.class("small")) {
                    progress(.value(String(course.percent)), .max("100"), .ariaLabel("完成 \(course.percent)%")) { "\(course.percent)%" }
                    " 已完成 \(course.completed)/\(course.lessons)"
                }
            }
        }
    }

    /// 安排为必学: which of the caller's organizations, who in it, by when.
    static func assignForm(_ layout: Layout, course: Int, organizations: [SelectOption], audiences: [SelectOption], due: String?) -> Node {
        form(.method("post"), .action("/learning/manage/assignments"), .class("grid-form")) {
            Forms.csrf(layout)
            input(.type("hidden"), .name("courseID"), .value(String(course)))
            Forms.choice("党组织", name: "organizationID", organizations)
            Forms.choice("学习对象", name: "audience", audiences)
            label { "完成期限"; input(.type("date"), .name("due"), .value(due), .required()) }
            button(.class("primary")) { "安排必学" }
        }
    }

    /// 点菜: the form of a new 主题党日 with the course as its topic and agenda (entered once, nothing retyped).
    static func themeDayLink(_ course: LibraryViews.CourseSummary) -> String {
        var components = URLComponents()
        components.path = "/activities/new"
        components.queryItems = [URLQueryItem(name: "kind", value: ActivityKind.themeDay.rawValue),
                                 URLQueryItem(name: "topic", value: "集中学习《\(course.title)》"),
                                 URLQueryItem(name: "agenda", value: "集中学习《\(course.title)》（\(course.lessons) 课时，学习页面 /learning/courses/\(course.id)，可在电视模式播放）")]
        return components.string ?? "/activities/new"
    }

    /// A question to answer, with its mark once there is one.
    struct AnswerField {
        let id: Int
        let kind: QuestionKind
        let kindLabel: String
        let stem: String
        let options: [String]
        let correct: Bool?
        let answer: String?
        let explanation: String?
    }

    static let letters = Array("ABCDEFGH")

    /// The questions of a check or a paper: `q<id>` for one answer, `q<id>-<letter>` for each ticked choice of a
    /// multiple-choice question (what `LibraryPages.answers` reads back); `typed` is what was chosen before.
    static func questionFields(_ fields: [AnswerField], typed: [String: String], locked: Bool = false) -> Node {
        group {
            for (index, question) in fields.enumerated() {
                fieldset(.class("question"), .disabled(locked)) {
                    legend { "\(index + 1). \(question.stem)（\(question.kindLabel)）" }
                    switch question.kind {
                    case .single, .multiple:
                        for (offset, choice) in question.options.prefix(letters.count).enumerated() {
                            let letter = String(letters[offset])
                            let name = question.kind == .single ? "q\(question.id)" : "q\(question.id)-\(letter)"
                            let chosen = question.kind == .single ? typed[name] == letter : typed[name] != nil
                            label(.class("choice")) {
                                input(.type(question.kind == .single ? "radio" : "checkbox"), .name(name), .value(letter), .checked(chosen))
                                " \(letter). \(choice)"
                            }
                        }
                    case .trueFalse:
                        for answer in ["对", "错"] {
                            label(.class("choice")) { input(.type("radio"), .name("q\(question.id)"), .value(answer), .checked(typed["q\(question.id)"] == answer)); " \(answer)" }
                        }
                    case .fillIn:
                        label {
                            "答案（多个空用 | 分隔）"
                            input(.type("text"), .name("q\(question.id)"), .value(typed["q\(question.id)"]), .maxlength("200"))
                        }
                    }
                    if let correct = question.correct {
                        p(.class(correct ? "ok-tag" : "warn-tag")) { correct ? "正确" : "错误" }
                        if let answer = question.answer {
                            p(.class("small")) { "答案：\(answer)" + ((question.explanation ?? "").isEmpty ? "" : "。\(question.explanation ?? "")") }
                        }
                    }
                }
            }
        }
    }

    /// What a handed-in paper's answers look like in the form: `AC` ticks A and C.
    static func typed(_ given: [(id: Int, kind: QuestionKind, answer: String?)]) -> [String: String] {
        var typed: [String: String] = [:]
        for item in given {
            guard let answer = item.answer else { continue }
            if item.kind == .multiple {
                for letter in answer where letter.isLetter { typed["q\(item.id)-\(letter)"] = "on" }
            } else {
                typed["q\(item.id)"] = answer
            }
        }
        return typed
    }

    /// A 图文 lesson's text: blank lines between paragraphs, `## ` before a heading, a paragraph `[图2]` for the second
    /// picture; the pictures no paragraph places follow the text.
    static func text(_ body: String, images: [LearningImages.Image] = []) -> Node {
        let blocks = body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let placed = Set(blocks.compactMap(pictureNumber))
        return div(.class("lesson-text")) {
            for block in blocks {
                if block.hasPrefix("## ") {
                    h3 { String(block.dropFirst(3)) }
                } else if let number = pictureNumber(block) {
                    if let image = images.first(where: { $0.number == number }) { picture(image) }
                } else {
                    p { block }
                }
            }
            for image in images where !placed.contains(image.number) { picture(image) }
        }
    }

    /// `[图2]` (or `【图2】`) alone in a paragraph: 2.
    static func pictureNumber(_ block: String) -> Int? {
        guard (block.hasPrefix("[图") && block.hasSuffix("]")) || (block.hasPrefix("【图") && block.hasSuffix("】")) else { return nil }
        return Int(block.dropFirst(2).dropLast())
    }

    static func picture(_ image: LearningImages.Image) -> Node {
        figure(.class("lesson-figure")) {
            img(.src(image.url), .alt(image.caption ?? "图\(image.number)"), Attribute("loading", "lazy"))
            figcaption { "图\(image.number)" + (image.caption.map { "　\($0)" } ?? "") }
        }
    }

    static func poster(_ url: String) -> Node {
        img(.src(url), .alt(""), .class("course-poster"), Attribute("loading", "lazy"), Attribute("width", "480"), Attribute("height", "270"))
    }
}

extension LibraryPages.HomePage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "学习" }
                div(.class("actions")) {
                    a(.class("button"), .href("/learning/quiz")) { "答题" }
                    a(.class("button"), .href("/tv")) { "电视模式" }
                    if keeper { a(.class("button"), .href("/learning/manage")) { "学习资料管理" } }
                    if home.hours != nil { a(.class("button"), .href("/me/class-hours")) { "我的学时" } }
                }
            }
            if let hours = home.hours {
                section(.class("card")) {
                    p(.class("big-number")) { "\(hours) 学时" }
                    p(.class("muted small")) {
                        (home.hoursMet == true ? "本年度学时已达到要求。" : "本年度学时按完成计：视频、音频播放满规定比例，图文读完并通过检测，参加党课自动计入。")
                            + "不按在线时长计。"
                    }
                }
            }
            section(.class("card")) {
                h2 { "必学" }
                if home.required.isEmpty {
                    p(.class("muted")) { "目前没有必学课程。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { th { "课程" }; th { "安排单位" }; th { "完成期限" }; th { "进度" } } }
                        tbody {
                            for item in home.required {
                                tr {
                                    td(Attribute("data-label", "课程")) { a(.href("/learning/courses/\(item.courseID)")) { item.title } }
                                    td(Attribute("data-label", "安排单位")) { item.assignedBy }
                                    td(Attribute("data-label", "完成期限")) {
                                        item.due.description
                                        if item.overdue { " "; span(.class("warn-tag")) { "已逾期" } }
                                    }
                                    td(Attribute("data-label", "进度")) { item.completed ? span(.class("ok-tag")) { "已完成" } : .text("\(item.percent)%") }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "选学（按专题）" }
            if home.shelves.isEmpty { p(.class("muted")) { "资料库中还没有面向您的课程。" } }
            for shelf in home.shelves {
                section(.class("shelf")) {
                    h3 { shelf.topic }
                    div(.class("course-grid")) {
                        for course in shelf.courses { LibraryParts.card(course, link: "/learning/courses/\(course.id)") }
                    }
                }
            }
        }
    }
}

extension LibraryPages.CoursePage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning")) { "学习" }; " › \(view.course.topic)" }
            div(.class("heading")) {
                h1 { view.course.title }
                if view.keeper { div(.class("actions")) { a(.class("button"), .href("/learning/manage/courses/\(view.course.id)")) { "编辑课程" } } }
            }
            section(.class("card")) {
                if let poster = view.course.posterURL { LibraryParts.poster(poster) }
                if !view.course.summary.isEmpty { p { view.course.summary } }
                p(.class("muted small")) {
                    "\(view.course.organizationName)发布 · 学习对象：\(view.course.audienceLabel) · \(view.course.lessons) 课时，共 \(view.course.hours) 学时"
                }
                if view.course.lessons > 0 {
                    p { progress(.value(String(view.course.percent)), .max("100")) { "\(view.course.percent)%" }; " 已完成 \(view.course.completed)/\(view.course.lessons)" }
                }
            }
            section(.class("card")) {
                h2 { "课时" }
                ol(.class("lesson-list")) {
                    for lesson in view.lessons {
                        li {
                            a(.href("/learning/lessons/\(lesson.id)")) { lesson.title }
                            span(.class("muted small")) { " \(lesson.kindLabel) · \(lesson.length) · \(lesson.hours) 学时" + (lesson.questions > 0 ? " · 检测 \(lesson.questions) 题" : "") }
                            if lesson.completed { " "; span(.class("ok-tag")) { "已完成" } }
                        }
                    }
                }
            }
            if canPlan && view.course.state == .published {
                p {
                    a(.class("button"), .href(LibraryParts.themeDayLink(view.course))) { "点菜：安排到主题党日集中学习" }
                }
            }
            if !organizations.isEmpty {
                section(.class("card"), .id("assign")) {
                    h2 { "安排为必学" }
                    Forms.errors(errors)
                    LibraryParts.assignForm(layout, course: view.course.id, organizations: organizations, audiences: audiences, due: assignment.due)
                }
            }
        }
    }
}

extension LibraryPages.LessonPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning")) { "学习" }; " › "; a(.href("/learning/courses/\(view.courseID)")) { view.courseTitle } }
            div(.class("heading")) { h1 { view.title } }
            Forms.errors(errors)
            p(.class("muted small")) {
                "\(view.kindLabel) · " + (view.kind.isPlayed ? LessonCredit.clock(view.durationSeconds) : "约 \(view.readingMinutes) 分钟") + " · \(view.hours) 学时"
                if view.completed { " · "; span(.class("ok-tag")) { "已完成" + (view.completedOn.map { "（\($0)）" } ?? "") } }
            }
            if !view.recorded { p(.class("warning-text")) { "预览：学习进度只为课程面向的党员记录。" } }
            if view.kind.isPlayed {
                section(.class("card player"), Attribute("data-lesson", String(view.id)), Attribute("data-duration", String(view.durationSeconds)),
                        Attribute("data-recorded", view.recorded ? "1" : "0"), Attribute("data-csrf", layout.csrf)) {
                    if let url = view.mediaURL {
                        if view.kind == .video {
                            video(.src(url), Attribute("controls", "controls"), Attribute("preload", "metadata"), Attribute("playsinline", "playsinline"),
                                  .class("lesson-media")) { "您的浏览器不能播放视频。" }
                        } else {
                            audio(.src(url), Attribute("controls", "controls"), Attribute("preload", "metadata"), .class("lesson-media")) { "您的浏览器不能播放音频。" }
                        }
                    } else {
                        p(.class("muted")) { "文件尚未上传。" }
                    }
                    p(.class("played")) {
                        progress(.value(String(view.playedPercent)), .max("100"), .class("played-bar")) { "\(view.playedPercent)%" }
                        " "
                        span(.class("played-text")) { "已播放 \(view.playedPercent)%（满 \(view.requiredPercent)% 算完成；重复播放同一段只算一次）" }
                    }
                }
                if !view.body.isEmpty || !view.images.isEmpty { LibraryParts.text(view.body, images: view.images) }
            } else {
                section(.class("card")) {
                    if view.kind == .pdf, let url = view.mediaURL {
                        if !view.body.isEmpty || !view.images.isEmpty { LibraryParts.text(view.body, images: view.images) }
                        p { a(.class("button"), .href(url), .target("_blank"), .rel("noopener")) { "打开文档（PDF）" } }
                    } else {
                        LibraryParts.text(view.body, images: view.images)
                    }
                    if view.recorded && !view.readToEnd {
                        form(.method("post"), .action("/learning/lessons/\(view.id)/read")) {
                            Forms.csrf(layout)
                            button(.class("primary")) { "我已读完" }
                        }
                    } else if view.readToEnd {
                        p(.class("muted small")) { "已读完。" }
                    }
                }
            }
            if !view.questions.isEmpty { check }
            p(.class("pager")) {
                if let previous = view.previousLessonID { a(.href("/learning/lessons/\(previous)")) { "‹ 上一课时" }; " " }
                a(.href("/learning/courses/\(view.courseID)")) { "课程目录" }
                if let next = view.nextLessonID { " "; a(.href("/learning/lessons/\(next)")) { "下一课时 ›" } }
            }
        }
    }

    private var check: Node {
        section(.class("card"), .id("check")) {
            h2 { "课后检测" }
            if let result {
                p(.class(result.passed ? "ok-tag" : "warn-tag")) {
                    "答对 \(result.correct)/\(result.total)，" + (result.passed ? "通过" : "未通过（需答对 \(result.passPercent)%），请再看一遍后重做")
                }
                if result.lessonComplete { p { "本课时已完成，学时已计入。" } }
            } else if let correct = view.checkCorrect, let total = view.checkTotal {
                p(.class("muted small")) { "上次答对 \(correct)/\(total)（需答对 \(view.checkPassPercent)%）。" }
            } else {
                p(.class("muted small")) { "答对 \(view.checkPassPercent)% 即通过，可以重做。" + (view.kind.isPlayed ? "" : "读完并通过检测后本课时完成。") }
            }
            form(.method("post"), .action("/learning/lessons/\(view.id)/check#check")) {
                Forms.csrf(layout)
                LibraryParts.questionFields(view.questions.map { question in
                    let mark = result?.items.first { $0.questionID == question.id }
                    return LibraryParts.AnswerField(id: question.id, kind: question.kind, kindLabel: question.kindLabel, stem: question.stem,
                                                    options: question.options, correct: mark?.correct, answer: mark?.answer, explanation: mark?.explanation)
                }, typed: typed)
                button(.class("primary")) { "提交答案" }
            }
        }
    }
}

extension LibraryPages.RequiredPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning/manage")) { "学习资料管理" } }
            div(.class("heading")) {
                h1 { "必学：\(report.courseTitle)" }
                div(.class("actions")) { a(.class("button"), .href("/learning/required/\(report.id)/export")) { "导出（.xlsx）" } }
            }
            section(.class("card")) {
                dl(.class("fields")) {
                    dt { "安排单位" }; dd { report.organizationName }
                    dt { "学习对象" }; dd { report.audienceLabel }
                    dt { "安排日期" }; dd { report.assignedOn.description }
                    dt { "完成期限" }; dd { report.due.description; if report.overdue { " "; span(.class("warn-tag")) { "已到期" } } }
                    dt { "完成情况" }; dd { "\(report.done)/\(report.members) 人已完成" }
                }
                p { a(.href("/learning/courses/\(report.courseID)")) { "查看课程" } }
            }
            if report.byOrganization.count > 1 {
                section(.class("card")) {
                    h2 { "各党组织完成情况" }
                    table(.class("list cards")) {
                        thead { tr { th { "党组织" }; th { "应完成" }; th { "已完成" }; th { "未完成" } } }
                        tbody {
                            for branch in report.byOrganization {
                                tr {
                                    td(Attribute("data-label", "党组织")) { branch.organizationName }
                                    td(Attribute("data-label", "应完成")) { String(branch.members) }
                                    td(Attribute("data-label", "已完成")) { String(branch.done) }
                                    td(Attribute("data-label", "未完成")) { String(branch.members - branch.done) }
                                }
                            }
                        }
                    }
                }
            }
            table(.class("list cards")) {
                thead { tr { th { "党员" }; th { "党组织" }; th { "已完成课时" }; th { "状态" } } }
                tbody {
                    for row in report.rows {
                        tr {
                            td(Attribute("data-label", "党员")) { a(.href("/members/\(row.memberID)")) { row.name } }
                            td(Attribute("data-label", "党组织")) { row.organizationName }
                            td(Attribute("data-label", "已完成课时")) { "\(row.completed)/\(row.lessons)" }
                            td(Attribute("data-label", "状态")) { row.done ? span(.class("ok-tag")) { "已完成" } : span(.class("warn-tag")) { "未完成" } }
                        }
                    }
                }
            }
        }
    }
}

extension LibraryPages.ManagePage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "学习资料管理" }
                div(.class("actions")) {
                    a(.class("button"), .href("/learning/questions")) { "题库" }
                    a(.class("button"), .href("/learning/contests/new")) { "发布知识竞赛" }
                    a(.class("button"), .href("/learning")) { "学习首页" }
                }
            }
            section(.class("card")) {
                h2 { "课程" }
                if courses.isEmpty { p(.class("muted")) { "负责范围内还没有课程。" } }
                table(.class("list cards")) {
                    thead { tr { th { "课程" }; th { "专题" }; th { "发布单位" }; th { "课时" }; th { "状态" } } }
                    tbody {
                        for course in courses {
                            tr {
                                td(Attribute("data-label", "课程")) { a(.href("/learning/manage/courses/\(course.id)")) { course.title } }
                                td(Attribute("data-label", "专题")) { course.topic }
                                td(Attribute("data-label", "发布单位")) { course.organizationName }
                                td(Attribute("data-label", "课时")) { "\(course.lessons)（\(course.hours) 学时）" }
                                td(Attribute("data-label", "状态")) {
                                    course.state == .published ? span(.class("ok-tag")) { course.reach == .everyone ? "已发布（全体）" : "已发布" } : span(.class("warn-tag")) { "草稿" }
                                }
                            }
                        }
                    }
                }
            }
            section(.class("card"), .id("new")) {
                h2 { "新建课程" }
                Forms.errors(errors)
                form(.method("post"), .action("/learning/manage"), .class("grid-form")) {
                    Forms.csrf(layout)
                    Forms.choice("发布单位", name: "organizationID", organizations)
                    label(.class("full")) { "课程名称"; input(.type("text"), .name("title"), .value(typed.title), .maxlength("60"), .required()) }
                    Forms.choice("专题", name: "topicID", topics)
                    Forms.choice("学习对象", name: "audience", audiences)
                    Forms.choice("发布范围", name: "reach", reaches)
                    label(.class("full")) { "简介"; textarea(.name("summary"), .rows("3"), .maxlength("500")) { typed.summary ?? "" } }
                    button(.class("primary")) { "新建" }
                }
            }
        }
    }
}

extension LibraryPages.CourseManagePage {
    private func errorsFor(_ form: String) -> Node { failed == form ? Forms.errors(errors) : Node.empty }

    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning/manage")) { "学习资料管理" } }
            div(.class("heading")) {
                h1 { view.course.title }
                div(.class("actions")) { a(.class("button"), .href("/learning/courses/\(view.course.id)")) { "按党员看到的样子查看" } }
            }
            section(.class("card")) {
                p {
                    view.course.state == .published ? span(.class("ok-tag")) { "已发布" } : span(.class("warn-tag")) { "草稿" }
                    " \(view.course.lessons) 课时，共 \(view.course.hours) 学时"
                }
                if view.course.state == .draft {
                    errorsFor("publish")
                    form(.method("post"), .action("/learning/manage/courses/\(view.course.id)/publish")) {
                        Forms.csrf(layout)
                        button(.class("primary")) { "发布课程" }
                    }
                }
            }
            section(.class("card")) {
                h2 { "课时" }
                for lesson in view.lessons {
                    article(.class("lesson-admin"), .id("lesson-\(lesson.id)")) {
                        h3 { "\(lesson.position). \(lesson.title)" }
                        p(.class("muted small")) {
                            "\(lesson.kindLabel) · \(lesson.length) · \(lesson.hours) 学时 · 检测 \(lesson.questions) 题"
                            if lesson.kind != .text { lesson.hasMedia ? " · 文件已上传" : " · 文件未上传" }
                        }
                        if lesson.kind != .text {
                            form(.class("media-upload row-form"), Attribute("data-target", "/api/v1/learning/lessons/\(lesson.id)/media")) {
                                input(.type("hidden"), .name("_csrf"), .value(layout.csrf))
                                label { (lesson.hasMedia ? "更换" : "上传") + lesson.kindLabel + "文件（最大 \(maximumMegabytes) MB）"
                                    input(.type("file"), .name("file"), .accept(lesson.kind == .video ? "video/*" : lesson.kind == .audio ? "audio/*" : "application/pdf")) }
                                if lesson.kind.isPlayed {
                                    label { "时长（秒，文件读不出时填写）"; input(.type("number"), .name("durationSeconds"), .min("1"), .max("86400")) }
                                }
                                button { "上传" }
                                output(.class("upload-status")) { "" }
                            }
                        }
                        if lesson.kind == .text || lesson.kind == .pdf {
                            LibraryParts.lessonImages(layout, lesson: lesson.id, images: images[lesson.id] ?? [], errors: failed == "image-\(lesson.id)" ? errors : [])
                        }
                        details(.class("question-form")) {
                            summary { "添加检测题" }
                            if let question, question.lessonID == lesson.id { errorsFor("question") }
                            questionForm(lesson.id, typed: question?.lessonID == lesson.id ? question?.typed : nil)
                        }
                    }
                }
                h3 { "添加课时" }
                errorsFor("lesson")
                form(.method("post"), .action("/learning/manage/courses/\(view.course.id)/lessons"), .class("grid-form")) {
                    Forms.csrf(layout)
                    label(.class("full")) { "课时名称"; input(.type("text"), .name("title"), .value(lesson.title), .maxlength("60"), .required()) }
                    Forms.choice("类型", name: "kind", SelectOption.list(LessonKind.allCases.map { ($0.rawValue, $0.chinese) }, selected: lesson.kind ?? "text"))
                    label { "阅读分钟数（图文、文档）"; input(.type("number"), .name("readingMinutes"), .value(lesson.readingMinutes.map(String.init) ?? "15"), .min("1"), .max("240")) }
                    label(.class("full")) {
                        "正文或简介（空一行分段，“## ”开头为小标题）"
                        textarea(.name("body"), .rows("8"), .maxlength("30000")) { lesson.body ?? "" }
                    }
                    p(.class("muted small full")) { "视频、音频、文档课时添加后在上方上传文件。" }
                    button(.class("primary")) { "添加课时" }
                }
            }
            LibraryParts.posterForm(layout, course: view.course.id, posterURL: view.course.posterURL, errors: failed == "poster" ? errors : [])
            section(.class("card")) {
                h2 { "课程信息" }
                errorsFor("course")
                form(.method("post"), .action("/learning/manage/courses/\(view.course.id)"), .class("grid-form")) {
                    Forms.csrf(layout)
                    label(.class("full")) { "课程名称"; input(.type("text"), .name("title"), .value(course.title), .maxlength("60"), .required()) }
                    Forms.choice("专题", name: "topicID", topics)
                    Forms.choice("学习对象", name: "audience", audiences)
                    Forms.choice("发布范围", name: "reach", reaches)
                    label(.class("full")) { "简介"; textarea(.name("summary"), .rows("3"), .maxlength("500")) { course.summary ?? "" } }
                    button(.class("primary")) { "保存" }
                }
            }
            if view.course.state == .published {
                section(.class("card"), .id("assign")) {
                    h2 { "必学安排" }
                    for report in assignments {
                        p {
                            a(.href("/learning/required/\(report.id)")) { "\(report.organizationName) · \(report.audienceLabel) · \(report.due) 前" }
                            " \(report.done)/\(report.members) 人已完成"
                        }
                    }
                    errorsFor("assign")
                    LibraryParts.assignForm(layout, course: view.course.id, organizations: organizations, audiences: audiences, due: assignment.due)
                }
            }
        }
    }

    private func questionForm(_ lessonID: Int, typed: LibraryWork.QuestionInput?) -> Node {
        form(.method("post"), .action("/learning/manage/lessons/\(lessonID)/questions"), .class("grid-form")) {
            Forms.csrf(layout)
            Forms.choice("题型", name: "kind", SelectOption.list(QuestionKind.allCases.map { ($0.rawValue, $0.chinese) }, selected: typed?.kind ?? "single"))
            Forms.choice("难度", name: "difficulty", SelectOption.list(Difficulty.allCases.map { ($0.rawValue, $0.chinese) }, selected: typed?.difficulty ?? "medium"))
            label(.class("full")) { "题目（填空题用 ____ 标出空格）"; textarea(.name("stem"), .rows("2"), .maxlength("300")) { typed?.stem ?? "" } }
            label(.class("full")) { "选项（选择题，每行一个）"; textarea(.name("options"), .rows("4")) { (typed?.options ?? []).joined(separator: "\n") } }
            label { "答案（字母、对/错或填空内容）"; input(.type("text"), .name("answer"), .value(typed?.answer), .maxlength("200")) }
            label(.class("full")) { "解析"; textarea(.name("explanation"), .rows("2"), .maxlength("500")) { typed?.explanation ?? "" } }
            button(.class("primary")) { "添加检测题" }
        }
    }
}
