import DangjianCore
import DangjianHTML

/// One person's development: facts, to-dos, the form for the next step (with the vote's roll at a branch meeting),
/// the side forms (reviews, extensions, stopping, leaving), notices, materials and the timeline.
extension DevelopmentPages.ShowPage {
    private var id: Int { detail.summary.id }

    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/development")) { "发展党员" }; " › "; span { detail.summary.name } }
            div(.class("heading")) {
                h1 { detail.summary.name }
                span(.class("tag")) { detail.summary.stageLabel }
                span(.class("tag muted-tag")) { detail.summary.organizationName }
            }
            p(.class("muted")) {
                "\(detail.summary.genderLabel) · 出生 \(detail.birthDate) · "
                span(.class("mono")) { detail.idNumber }
                if let ends = detail.probationEnds { " · 预备期至 \(ends)" }
                if let member = detail.memberID { " · "; a(.href("/members/\(member)")) { "党员档案" } }
                if let leaving = detail.leavingOn { " · "; span(.class("warning-text")) { "预计 \(leaving) 离开本单位" } }
                if canWrite { " · "; a(.href("/development/\(id)/notice")) { "发布公示" } }
            }
            Forms.errors(errors)
            if let earliest { p(.class("notice")) { "最早可在 \(earliest) 记录这一步。" } }
            if !detail.todos.isEmpty {
                section(.class("card")) {
                    h2 { "待办" }
                    ul(.class("findings")) {
                        for todo in detail.todos {
                            li(.class(todo.overdue ? "warning" : "upcoming")) {
                                "\(todo.title)：\(todo.due) 前" + (todo.overdue ? "（已逾期）" : "")
                                br()
                                small(.class("muted")) { todo.rule }
                            }
                        }
                    }
                }
            }
            if let next, canWrite { step(next) }
            if canReview {
                side("记录半年考察", "reviews") {
                    label { "考察日期"; input(.type("date"), .name("date"), .value(today.description), .required()) }
                    label { "考察意见"; input(.name("note"), .maxlength(200)) }
                    button { "保存" }
                }
            }
            if canExtendProbation {
                side("延长预备期", "extension", confirm: "预备期只能延长一次，确认？") {
                    label { "延长月数（6–12）"; input(.type("number"), .name("months"), .min(6), .max(12), .required()) }
                    button { "保存" }
                }
            }
            if canExtendApproval {
                side("延长上级党委审批期限", "extension") {
                    label { "延长至（不超过支部大会后 6 个月）"; input(.type("date"), .name("approvalUntil"), .required()) }
                    button { "保存" }
                }
            }
            if next != nil && canWrite {
                side(detail.memberID == nil ? "终止培养" : "取消预备党员资格", "stop", confirm: "终止后不能恢复，确认？") {
                    label { "日期"; input(.type("date"), .name("date"), .value(today.description), .required()) }
                    label { "原因（支部大会决定或本人申请等）"; input(.name("reason"), .required(), .maxlength(200)) }
                    button { "确认" }
                }
                side("预计离开本单位（调离、毕业）", "leaving",
                     after: p(.class("muted small")) { "拟在 3 个月内离开工作、学习单位的发展对象，一般不办理接收手续，可转由新单位党组织继续培养。" }) {
                    label { "预计离开日期（留空为取消）"; input(.type("date"), .name("leavingOn"), .value(detail.leavingOn?.description)) }
                    label { "说明"; input(.name("note"), .maxlength(200)) }
                    button { "保存" }
                }
            }
            if !detail.notices.isEmpty {
                section(.class("card")) {
                    h2 { "公示" }
                    ul(.class("plain")) {
                        for notice in detail.notices {
                            li {
                                a(.href("/notices/\(notice.id)")) { notice.title }
                                " \(notice.startsOn) 至 \(notice.endsOn) "
                                span(.class(notice.state == "open" ? "tag ok-tag" : "tag muted-tag")) { notice.stateLabel }
                            }
                        }
                    }
                }
            }
            materials
            section(.class("card")) {
                h2 { "发展过程" }
                ol(.class("timeline")) {
                    for event in detail.timeline {
                        li {
                            strong { event.date.description }
                            " " + (event.stepLabel != nil ? "第 \(event.step ?? 0) 步 " : "") + event.summary
                            br()
                            small(.class("muted")) { "\(event.recordedBy) 记录" + (event.rule.map { " · \($0)" } ?? "") }
                        }
                    }
                }
            }
        }
    }

    /// A folded side form posting to `/development/{id}/{path}`.
    private func side(_ title: String, _ path: String, confirm: String? = nil, after: Node = .empty,
                      @HTMLBuilder content: () -> Node) -> Node {
        details(.class("card")) {
            summary { title }
            form(.method("post"), .action("/development/\(id)/\(path)"), .class("row-form"), Attribute("data-confirm", confirm)) {
                Forms.csrf(layout)
                content()
            }
            after
        }
    }

    private func step(_ next: Int) -> Node {
        section(.class("card")) {
            h2 { "记录\(nextLabel ?? "")" }
            form(.method("post"), .action("/development/\(id)/steps"), .class("grid-form")) {
                Forms.csrf(layout)
                input(.type("hidden"), .name("step"), .value(next))
                label { "日期"; input(.type("date"), .name("date"), .value(today.description), .required()) }
                if needsPeople {
                    label {
                        peopleLabel
                        select(.name("people[]"), .multiple(), Attribute("size", "6"), .required()) {
                            for person in candidates { option(.value(person.value)) { person.label } }
                        }
                        small { "按住 Ctrl 可多选" }
                    }
                }
                if needsConclusion {
                    label(.class("full")) { "结论或谈话情况"; textarea(.name("conclusion"), .rows(3), .maxlength(500)) }
                    label(.class("check")) { input(.type("checkbox"), .name("passed"), .value("true"), .checked()); " 结论为合格" }
                }
                if needsTraining {
                    label { "培训天数"; input(.type("number"), .name("trainingDays"), .min(0), .max(60)) }
                    label { "培训学时"; input(.type("number"), .name("trainingHours"), .min(0), .max(500)) }
                    label(.class("check")) { input(.type("checkbox"), .name("specialCase"), .value("true")); " 经上级党委同意的特殊情况" }
                }
                if needsVote { vote }
                label(.class("full")) { "备注"; input(.name("note"), .maxlength(200)) }
                label(.class("full")) { "补录原因（日期早于今天 30 天以上时必填，记入过程记录）"; input(.name("lateReason"), .maxlength(200)) }
                div(.class("full")) { button(.class("primary")) { "记录" } }
            }
        }
    }

    private static func count(_ caption: String, _ name: String, required: Bool = false, value: String? = nil, minimum: Int = 0) -> Node {
        label { caption; input(.type("number"), .name(name), .min(minimum), .required(required), .value(value)) }
    }

    private var vote: Node {
        if voters.isEmpty {
            return group {
                Self.count("应到会有表决权的正式党员", "entitled", required: true, minimum: 1)
                Self.count("经批准不计入", "excluded", value: "0")
                Self.count("实到会有表决权的正式党员", "present", required: true)
                Self.count("赞成", "yes", required: true)
                Self.count("反对", "no", value: "0")
                Self.count("弃权", "abstain", value: "0")
                Self.count("未到会党员书面赞成", "writtenYes", value: "0")
                Self.count("未到会党员书面反对", "writtenNo", value: "0")
                p(.class("full muted small")) { "本支部党员尚未录入党员信息库，请按人数填写。预备党员没有表决权，不计入以上人数。" }
            }
        }
        return group {
            fieldset(.class("full roll")) {
                legend { "表决名单：本支部有表决权的正式党员 \(voters.count) 人" }
                table(.class("list")) {
                    thead { tr { th { "姓名" }; th { "出席情况" } } }
                    tbody {
                        for voter in voters {
                            tr {
                                td { voter.name }
                                td {
                                    Node.element("select", [.name("attendance[\(voter.id)]"), .ariaLabel("\(voter.name)的出席情况")]) {
                                        option(.value("present")) { "出席" }
                                        option(.value("absent")) { "缺席" }
                                        option(.value("written-yes")) { "缺席，书面赞成" }
                                        option(.value("written-no")) { "缺席，书面反对" }
                                        option(.value("excluded")) { "经上级批准不计入" }
                                    }
                                }
                            }
                        }
                    }
                }
                if !nonVoters.isEmpty {
                    p(.class("muted small")) {
                        "不列入表决："
                        for voter in nonVoters { span(.class("tag muted-tag")) { "\(voter.name)：\(voter.why ?? "")" } }
                    }
                }
            }
            Self.count("赞成（到会党员）", "yes", required: true)
            Self.count("反对", "no", value: "0")
            Self.count("弃权", "abstain", value: "0")
            p(.class("full muted small")) { "应到人数、实到人数和书面意见按上面的名单计算。到会人数和赞成票（含书面赞成）都须超过应到会有表决权的正式党员的半数。" }
        }
    }

    private var materials: Node {
        section(.class("card")) {
            h2 { "材料（\(detail.attachments.count) 份）" }
            if detail.attachments.isEmpty {
                p(.class("muted")) { "尚未上传入党申请书、志愿书、政审材料等的扫描件或照片。" }
            } else {
                ul(.class("attachments")) {
                    for file in detail.attachments {
                        li {
                            if file.isImage {
                                a(.href(file.url), .target("_blank"), .rel("noopener")) { img(.src(file.url), .alt(file.fileName), Attribute("loading", "lazy")) }
                            }
                            a(.href(file.url), .target("_blank"), .rel("noopener")) { file.caption ?? file.fileName }
                            " "
                            small(.class("muted")) { "\(file.kindLabel) · \(file.size)" }
                        }
                    }
                }
            }
            if canWrite {
                form(.method("post"), .action("/development/\(id)/attachments"), .enctype("multipart/form-data"), .class("row-form")) {
                    Forms.csrf(layout)
                    label {
                        "文件（图片或 PDF，不超过 10 MB）"
                        input(.type("file"), .name("file"), .accept("image/jpeg,image/png,image/gif,image/webp,application/pdf"), .required())
                    }
                    label { "材料名称"; input(.name("caption"), .maxlength(100), .placeholder("如：入党申请书")) }
                    button { "上传" }
                }
            }
        }
    }
}
