import DangjianCore
import DangjianHTML

/// A meeting's page: its plan and state, sign-in, guidance from above, the roll and the record saved together, the
/// democratic review's grades, follow-ups, photos and videos, the changes to its plan, and cancelling it.
extension ActivityPages.ShowPage {
    private var id: Int { detail.summary.id }
    private var state: String { detail.summary.state }

    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/activities")) { "组织生活" }; " › "; span { detail.summary.topic } }
            div(.class("heading")) {
                h1 { detail.summary.topic }
                span(.class("tag")) { detail.summary.kindLabel }
                span(.class(ActivityPages.IndexPage.stateTag(state))) { detail.summary.stateLabel }
            }
            p(.class("muted")) { facts }
            Forms.errors(errors)
            actions
            if let opens = detail.signInOpens {
                p(.class("notice"), .flag("data-sign-in-opens", true)) { "签到将于 \(opens) 开放" + (canWrite ? "，届时在这里点“开始签到”" : "") + "。" }
            }
            if let reason = detail.cancelReason { p(.class("warning")) { "已取消：\(reason)" } }
            if !detail.guidance.isEmpty {
                section(.class("card")) {
                    h2 { "上级指导意见" }
                    Self.notes(detail.guidance.map { ($0.text, "\($0.authorName) · \($0.at)") })
                }
            }
            if canGuide {
                section(.class("card")) {
                    h2 { "发送指导意见" }
                    post("guidance", class: "row-form") {
                        label { "指导意见"; input(.name("text"), .required(), .maxlength(300)) }
                        button { "发送" }
                    }
                }
            }
            if let agenda = detail.agenda { section(.class("card")) { h2 { "议程" }; p(.class("pre")) { agenda } } }
            if canRecord {
                post("minutes", .flag("data-unsaved", true)) { roll; record }
            } else {
                roll
                record
            }
            if detail.summary.kind == .democraticReview { review }
            followUps
            attachments
            if !detail.changes.isEmpty {
                section(.class("card")) {
                    h2 { "变更记录" }
                    Self.notes(detail.changes.map { ($0.detail, "\($0.authorName) · \($0.at)") })
                }
            }
            if canWrite && (state == "planned" || state == "open") {
                details(.class("card")) {
                    summary { "取消活动" }
                    post("cancel", class: "row-form", Attribute("data-confirm", "确认取消这次活动？")) {
                        label { "取消原因"; input(.name("reason"), .required(), .maxlength(200)) }
                        button { "取消活动" }
                    }
                }
            }
        }
    }

    private var facts: String {
        var parts = [detail.summary.organizationName, detail.summary.date.description + (detail.summary.startTime.map { " \($0)" } ?? ""),
                     detail.summary.place]
        if let host = detail.hostName { parts.append("主持：\(host)") }
        if let recorder = detail.recorderName { parts.append("记录：\(recorder)") }
        parts.append("出席 \(detail.summary.present)/\(detail.summary.expected)")
        return parts.joined(separator: " · ")
    }

    /// A form posting to `/activities/{id}/{path}`, with the CSRF token.
    private func post(_ path: String, class kind: String? = nil, _ attributes: Attribute..., @HTMLBuilder content: () -> Node) -> Node {
        Node.element("form", [.method("post"), .action("/activities/\(id)/\(path)"), .class(kind)] + attributes) {
            Forms.csrf(layout)
            content()
        }
    }

    private static func notes(_ items: [(text: String, byline: String)]) -> Node {
        ul(.class("findings")) {
            for item in items {
                li(.class("notice")) { item.text; br(); small(.class("muted")) { item.byline } }
            }
        }
    }

    private var actions: Node {
        div(.class("actions")) {
            if canOpen { post("open", class: "inline") { button(.class("primary")) { "开始签到" } } }
            if canEdit { a(.class("button"), .href("/activities/\(id)/edit")) { "修改计划（改期）" } }
            if canWrite && state == "open" { a(.class("button primary"), .href("/activities/\(id)/screen")) { "签到屏幕" } }
            if state == "held" {
                a(.class("button"), .href("/activities/\(id)/report")) { "活动总结报告" }
                " "
                a(.class("button"), .href("/activities/\(id)/report.docx")) { "下载 Word" }
            }
        }
    }

    private var roll: Node {
        section(.class("card")) {
            if rollHidden {
                h2 { "应到 \(detail.summary.expected) 人" }
                p(.class("muted")) { "签到开放后在这里显示出席名单。" }
            } else {
                h2 { "出席情况（\(detail.summary.present)/\(detail.summary.expected)）" }
                if let quorum = detail.quorum { p(.class(quorum.quorate ? "notice" : "warning")) { quorum.sentence } }
                if canRecord {
                    p(.class("muted small")) { "主持人和记录人默认出席；未签到的党员在保存会议记录后记为缺席，可在这里改为请假等并写明原因。" }
                    table(.class("list attendance")) {
                        thead { tr { th { "姓名" }; th { "出席情况" }; th { "缺席原因" } } }
                        tbody {
                            for person in detail.attendance {
                                tr {
                                    td {
                                        person.name
                                        if person.method == "code" { " "; small(.class("muted")) { "扫码签到" } }
                                        else if person.method == "officer" { " "; small(.class("muted")) { "主持/记录" } }
                                    }
                                    td {
                                        Node.element("select", [.name("attendance[\(person.memberID)]"), .ariaLabel("\(person.name)的出席情况")]) {
                                            if person.status == .expected { option(.value(""), .selected()) { "未签到" } }
                                            for status in statuses {
                                                option(.value(status.value), .selected(status.value == person.status.rawValue)) { status.label }
                                            }
                                        }
                                    }
                                    td {
                                        input(.name("reason[\(person.memberID)]"), .value(person.reason), .maxlength(100),
                                              .ariaLabel("\(person.name)的缺席原因"))
                                    }
                                }
                            }
                        }
                    }
                } else {
                    table(.class("list")) {
                        thead { tr { th { "姓名" }; th { "出席情况" }; th { "原因" } } }
                        tbody {
                            for person in detail.attendance { tr { td { person.name }; td { person.statusLabel }; td { person.reason ?? "" } } }
                        }
                    }
                }
            }
        }
    }

    private var record: Node {
        section(.class("card")) {
            h2 { "活动记录" }
            if let minutes = saved.minutes { p(.class("pre")) { minutes } }
            if !saved.decisions.isEmpty { h3 { "决议事项" }; ol { for decision in saved.decisions { li { decision } } } }
            if !saved.speakers.isEmpty { p { "发言："; for speaker in saved.speakers { span(.class("tag muted-tag")) { speaker } } } }
            if let results = saved.results { p { "活动成效：\(results)" } }
            if !saved.videoLinks.isEmpty {
                p {
                    "视频："
                    for link in saved.videoLinks {
                        a(.href(link), .rel("noopener noreferrer"), .target("_blank")) { link }
                        " "
                    }
                }
            }
            if canRecord {
                details(.open(saved.minutes == nil || !errors.isEmpty)) {
                    summary { saved.minutes == nil ? "记录会议内容" : "修改记录" }
                    div(.class("grid-form")) {
                        label(.class("full")) { "会议记录"; textarea(.name("minutes"), .rows(8), .maxlength(20000)) { detail.minutes ?? "" } }
                        label(.class("full")) {
                            "决议事项（每行一条）"
                            textarea(.name("decisions"), .rows(3)) { detail.decisions.map { $0 + "\n" }.joined() }
                        }
                        label {
                            "发言人"
                            select(.name("speakers[]"), .multiple(), Attribute("size", "5")) {
                                for speaker in speakers { option(.value(speaker.value), .selected(speaker.selected)) { speaker.label } }
                            }
                        }
                        label { "活动成效"; textarea(.name("results"), .rows(3), .maxlength(2000)) { detail.results ?? "" } }
                        label(.class("full")) {
                            "直播或录像链接（每行一个）"
                            textarea(.name("videoLinks"), .rows(2)) { detail.videoLinks.map { $0 + "\n" }.joined() }
                        }
                    }
                }
                p(.class("muted small")) { "出席情况和会议记录一起保存。填写会议记录后活动记为“已开展”，尚未签到的人员记为缺席。" }
                div(.class("save-bar")) { button(.class("primary")) { "保存出席情况和记录" } }
            }
        }
    }

    private static func grades(_ name: String, label: String, chosen: ReviewGrade?, blank: String) -> Node {
        Node.element("select", [.name(name), .ariaLabel(label)]) {
            option(.value("")) { blank }
            for grade in ReviewGrade.allCases { option(.value(grade.rawValue), .selected(grade == chosen)) { grade.chinese } }
        }
    }

    private var review: Node {
        section(.class("card")) {
            h2 { "民主评议等次" }
            p(.class("muted small")) { "个人自评、党员互评后进行民主测评，由支部大会评定等次。评为优秀的一般不超过参评正式党员的三分之一；预备党员参加评议，不评定等次。" }
            if canRecord {
                post("review") {
                    div(.class("grid-scroll")) {
                        table(.class("list review")) {
                            thead {
                                tr { for heading in ["姓名", "个人自评", "党员互评意见", "测评票：优秀", "合格", "基本合格", "不合格", "评定等次"] { th { heading } } }
                            }
                            tbody {
                                for person in detail.attendance {
                                    tr {
                                        td { person.name }
                                        td { Self.grades("selfGrade[\(person.memberID)]", label: "\(person.name)的个人自评", chosen: person.selfGrade, blank: "—") }
                                        td { input(.name("peer[\(person.memberID)]"), .value(person.peerNote), .maxlength(300), .ariaLabel("\(person.name)的互评意见")) }
                                        Self.votes("excellent", person, person.votesExcellent, "优秀票")
                                        Self.votes("qualified", person, person.votesQualified, "合格票")
                                        Self.votes("basic", person, person.votesBasic, "基本合格票")
                                        Self.votes("unqualified", person, person.votesUnqualified, "不合格票")
                                        td { Self.grades("grade[\(person.memberID)]", label: "\(person.name)的评定等次", chosen: person.grade, blank: "不评定") }
                                    }
                                }
                            }
                        }
                    }
                    button(.class("primary")) { "保存评议结果" }
                }
            } else {
                table(.class("list")) {
                    thead { tr { th { "姓名" }; th { "互评意见" }; th { "评定等次" } } }
                    tbody {
                        for person in detail.attendance { tr { td { person.name }; td { person.peerNote ?? "" }; td { person.gradeLabel ?? "" } } }
                    }
                }
            }
        }
    }

    private static func votes(_ field: String, _ person: ActivityDetail.Attendee, _ value: Int?, _ label: String) -> Node {
        td {
            Node.void("input", [.type("number"), .min(0), .name("\(field)[\(person.memberID)]"), .value(value.map(String.init)),
                                .ariaLabel("\(person.name)\(label)")])
        }
    }

    private var followUps: Node {
        section(.class("card")) {
            h2 { "存在问题及整改（\(detail.followUps.count) 项）" }
            if !detail.followUps.isEmpty {
                ul(.class("findings")) {
                    for item in detail.followUps {
                        li(.class(item.closedOn != nil ? "notice" : item.overdue ? "warning" : "upcoming")) {
                            "\(item.problem)（责任人：\(item.ownerName)，\(item.dueOn) 前）"
                            if let closed = item.closedOn { "：\(closed) 已整改，\(item.outcome ?? "")" } else if item.overdue { "：已逾期" }
                            if canWrite && item.closedOn == nil {
                                post("followups/\(item.id)/close", class: "row-form") {
                                    label { "完成日期"; input(.type("date"), .name("closedOn"), .value(today.description), .required()) }
                                    label { "整改结果"; input(.name("outcome"), .required(), .maxlength(300)) }
                                    button { "销号" }
                                }
                            }
                        }
                    }
                }
            }
            if canRecord {
                post("followups", class: "row-form") {
                    label { "问题"; input(.name("problem"), .required(), .maxlength(300)) }
                    Forms.choice("责任人", name: "ownerMemberID", members, required: true)
                    label { "整改期限"; input(.type("date"), .name("dueOn"), .required()) }
                    button { "添加整改事项" }
                }
            }
        }
    }

    private var attachments: Node {
        section(.class("card")) {
            h2 { "照片和视频（\(detail.attachments.count)）" }
            if !detail.attachments.isEmpty {
                ul(.class("attachments")) {
                    for file in detail.attachments {
                        li {
                            if file.isImage {
                                a(.href(file.url), .target("_blank"), .rel("noopener")) { img(.src(file.url), .alt(file.fileName), Attribute("loading", "lazy")) }
                            } else {
                                Node.element("video", [.src(file.url), .flag("controls", true), Attribute("preload", "none")], [])
                            }
                            span { file.caption ?? file.fileName }
                            " "
                            small(.class("muted")) { "\(file.kindLabel) · \(file.size)" }
                        }
                    }
                }
            }
            if canRecord {
                post("attachments", class: "row-form", .enctype("multipart/form-data")) {
                    label {
                        "照片或视频（不超过 20 MB，更长的视频请填写链接）"
                        input(.type("file"), .name("file"), .accept("image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime,video/webm"), .required())
                    }
                    label { "说明"; input(.name("caption"), .maxlength(100)) }
                    button { "上传" }
                }
            }
        }
    }
}
