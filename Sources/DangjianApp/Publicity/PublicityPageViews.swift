import DangjianCore
import DangjianHTML

// MARK: - Parts shared by the committee's and the public page

enum PublicityParts {
    /// The content of a publication: its items and, for 财务, the accounts that add up.
    static func content(_ view: PublicityViews.View) -> Node {
        group {
            for item in view.items {
                article(.class("public-answer")) {
                    h3 { item.title }
                    p(.class("demand-text")) { item.text }
                }
            }
            if let finance = view.finance {
                table(.class("list finance")) {
                    thead { tr { th { "收支" }; th { "项目" }; th(.class("num")) { "金额（元）" } } }
                    tbody {
                        tr { td(Attribute("colspan", "2")) { "上期结余" }; td(.class("num")) { finance.opening } }
                        for line in finance.lines {
                            tr {
                                td { line.directionLabel }
                                td { line.subject }
                                td(.class("num")) { line.direction == .spending ? "−" + line.amount : line.amount }
                            }
                        }
                    }
                    tfoot {
                        tr { td(Attribute("colspan", "2")) { "本期收入合计" }; td(.class("num")) { finance.income } }
                        tr { td(Attribute("colspan", "2")) { "本期支出合计" }; td(.class("num")) { finance.spending } }
                        tr { td(Attribute("colspan", "2")) { strong { "本期结余" } }; td(.class("num")) { strong { finance.closing } } }
                    }
                }
            }
        }
    }

    static func header(_ view: PublicityViews.View) -> Node {
        group {
            dl(.class("fields")) {
                dt { "发布单位" }; dd { view.organizationName }
                dt { "类别" }; dd { view.kindLabel }
                dt { "公开期间" }; dd { view.periodLabel }
                dt { "状态" }; dd { view.stateLabel + (view.version > 1 ? "（第 \(view.version) 版）" : "") }
                if let on = view.publishedOn { dt { "公开日期" }; dd { on } }
                if let note = view.reviewNote { dt { "审核" }; dd { note } }
            }
            if let reason = view.correctionReason { p(.class("warning-text")) { "更正说明：\(reason)" } }
        }
    }

    /// Photos as pictures, PDFs as links; with a remove button beside each while it is a draft (`removeForm`).
    static func attachments(_ view: PublicityViews.View, removeForm: ((AttachmentView) -> Node)? = nil) -> Node {
        guard !view.attachments.isEmpty else { return Node.empty }
        return group {
            h3 { "附件" }
            div(.class("photos")) {
                for file in view.attachments where file.isImage {
                    a(.href(file.url), .target("_blank"), .rel("noopener")) { img(.src(file.url), .alt(file.caption ?? file.fileName), Attribute("loading", "lazy")) }
                }
            }
            ul(.class("plain-list")) {
                for file in view.attachments {
                    li {
                        a(.href(file.url), .target("_blank"), .rel("noopener")) { file.caption ?? file.fileName }
                        small(.class("muted")) { " · \(file.kindLabel) · \(file.size)" }
                        if let removeForm { removeForm(file) }
                    }
                }
            }
        }
    }

    static func versions(_ view: PublicityViews.View, link: (Int) -> String) -> Node {
        guard view.versions.count > 1 else { return Node.empty }
        return section(.class("card")) {
            h2 { "版本" }
            ol(.class("timeline")) {
                for version in view.versions {
                    li {
                        if version.id == view.id { strong { "第 \(version.version) 版" } } else { a(.href(link(version.id))) { "第 \(version.version) 版" } }
                        " · \(version.stateLabel)"
                        if let on = version.publishedOn { " · 公开于 \(on)" }
                        if let reason = version.correctionReason { p { "更正说明：\(reason)" } }
                    }
                }
            }
        }
    }

    static func questions(_ view: PublicityViews.View, answerForm: ((PublicityViews.Question) -> Node)? = nil) -> Node {
        section(.class("card"), .id("questions")) {
            h2 { "群众提问与答复" }
            if view.questions.isEmpty {
                p(.class("muted")) { "暂无提问。" }
            } else {
                for question in view.questions {
                    article(.class("public-answer")) {
                        h3 { "\(question.asker)提问 · \(question.askedOn)" }
                        p(.class("demand-text")) { question.text }
                        if let answer = question.answer {
                            p(.class("demand-text")) { strong { "答复：" }; answer }
                            if let on = question.answeredOn { p(.class("muted small")) { "答复于 \(on)" } }
                        } else {
                            p(.class("muted small")) { "等待答复" + (question.answerBy.map { "（应于 \($0) 前答复）" } ?? "") }
                            if let answerForm { answerForm(question) }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - The committee's pages

extension PublicityPages.ListPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { "三务公开" }
                div(.class("actions")) {
                    a(.class("button primary"), .href("/publicity/new" + (organizationID.map { "?organization=\($0)" } ?? ""))) { "起草公开" }
                    if let organizationID { a(.class("button"), .href("/dues/publication?organization=\(organizationID)")) { "党费收缴使用公示（党内）" } }
                }
            }
            section(.class("card")) {
                h2 { "应公开" }
                p(.class("muted small")) {
                    "村、社区党组织按规则表的周期公开党务、村（居）务和财务；期满后未公开的列入待办。已按时公开 \(listing.publishedCount) 项，"
                    a(.href("/publicity?all=true" + (organizationID.map { "&organizationID=\($0)" } ?? ""))) { "显示全部" }
                    "。"
                }
                if listing.duties.isEmpty {
                    p(.class("muted")) { "负责范围内没有待公开的三务公开。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["党组织", "类别", "期间", "截止日期", "状态"] { th { heading } } } }
                        tbody {
                            for duty in listing.duties {
                                tr {
                                    td(Attribute("data-label", "党组织")) { a(.href("/publicity?organizationID=\(duty.organizationID)")) { duty.organizationName } }
                                    td(Attribute("data-label", "类别")) { duty.kindLabel }
                                    td(Attribute("data-label", "期间")) { duty.periodLabel }
                                    td(Attribute("data-label", "截止")) { span(.title(duty.rule)) { duty.due } }
                                    td(Attribute("data-label", "状态")) {
                                        if duty.status == "已公开" {
                                            duty.status
                                        } else {
                                            span(.class(duty.overdue ? "badge" : nil)) { duty.status }
                                            " "
                                            a(.href("/publicity/new?organization=\(duty.organizationID)&kind=\(duty.kind.rawValue)&period=\(duty.period)")) { "起草" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section(.class("card")) {
                h2 { "公开记录" }
                if listing.publications.isEmpty {
                    p(.class("muted")) { "还没有公开记录。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["标题", "党组织", "状态", "公开日期", "待答复提问"] { th { heading } } } }
                        tbody {
                            for item in listing.publications {
                                tr {
                                    td(Attribute("data-label", "标题")) { a(.href("/publicity/\(item.id)")) { item.title } }
                                    td(Attribute("data-label", "党组织")) { item.organizationName }
                                    td(Attribute("data-label", "状态")) { item.stateLabel + (item.version > 1 ? "（第 \(item.version) 版）" : "") }
                                    td(Attribute("data-label", "公开日期")) { item.publishedOn ?? "—" }
                                    td(Attribute("data-label", "待答复")) {
                                        if item.openQuestions > 0 { span(.class("badge")) { "\(item.openQuestions)" } } else { "0" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension PublicityPages.FormPage {
    var node: Node {
        let items = (typed.items ?? []) + Array(repeating: PublicityWork.Item(), count: max(2, 5 - (typed.items?.count ?? 0)))
        let lines = (typed.lines ?? []) + Array(repeating: PublicityWork.Line(), count: max(3, 8 - (typed.lines?.count ?? 0)))
        return Frame.page(layout) {
            section(.class("card")) {
                h1 { id == nil ? "起草三务公开" : "修改三务公开" }
                if let correctionReason { p(.class("warning-text")) { "更正说明：\(correctionReason)" } }
                p(.class("muted")) { "保存后是草稿，须由另一位班子成员审核后才能公开；公开后不能修改，只能发布更正版本，原版本继续公开。" }
                Forms.errors(errors)
                form(.method("post"), .action(id.map { "/publicity/\($0)/edit" } ?? "/publicity")) {
                    Forms.csrf(layout)
                    if id == nil { Forms.choice("发布单位", name: "organizationID", organizations, required: true) }
                    Forms.choice("类别", name: "kind", kinds, required: true)
                    label {
                        "公开期间"
                        input(.name("period"), .value(typed.period), .required(), .maxlength(12), .placeholder("2026-11、2026-Q4、2026 或 2026-11-20"))
                        small(.class("muted")) { "月写 2026-11，季度写 2026-Q4，年度写 2026；重大事项即时公开写日期 2026-11-20" }
                    }
                    label { "标题（可不填，默认如“2026年11月党务公开”）"; input(.name("title"), .value(typed.title), .maxlength(60)) }
                    fieldset {
                        legend { "公开事项（党务、村务公开必填；空行不保存）" }
                        for (index, item) in items.enumerated() {
                            div(.class("publicity-item")) {
                                label { "事项 \(index + 1)"; input(.name("itemTitle[]"), .value(item.title), .maxlength(40), .placeholder("如：发展党员情况")) }
                                label { "内容"; textarea(.name("itemText[]"), .rows(3), .maxlength(2000)) { item.text ?? "" } }
                            }
                        }
                    }
                    fieldset {
                        legend { "财务收支（仅财务公开；金额以元为单位）" }
                        label { "上期结余（元）"; input(.name("opening"), .value(typed.opening), Attribute("inputmode", "decimal"), .maxlength(14)) }
                        for line in lines {
                            div(.class("finance-line")) {
                                select(.name("lineDirection[]"), Attribute("aria-label", "收支")) {
                                    option(.value("income"), .selected(line.direction == "income" || line.direction == nil)) { "收入" }
                                    option(.value("spending"), .selected(line.direction == "spending" || line.direction == "支出")) { "支出" }
                                }
                                input(.name("lineSubject[]"), .value(line.subject), .maxlength(40), .placeholder("项目"), Attribute("aria-label", "项目"))
                                input(.name("lineAmount[]"), .value(line.amount), .maxlength(14), .placeholder("金额"), Attribute("inputmode", "decimal"),
                                      Attribute("aria-label", "金额（元）"))
                            }
                        }
                        label { "本期结余（元，应等于上期结余＋收入－支出）"; input(.name("closing"), .value(typed.closing), Attribute("inputmode", "decimal"), .maxlength(14)) }
                    }
                    Forms.submit(id == nil ? "保存草稿" : "保存", cancel: id.map { "/publicity/\($0)" } ?? "/publicity")
                }
            }
        }
    }
}

extension PublicityPages.ShowPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { publication.title }
                div(.class("actions")) {
                    a(.class("button"), .href("/publicity")) { "三务公开" }
                    if publication.state == .published || publication.state == .superseded {
                        a(.class("button"), .href("/public/publicity/\(publication.id)")) { "公开页面" }
                    }
                }
            }
            Forms.errors(errors)
            section(.class("card")) {
                PublicityParts.header(publication)
                PublicityParts.content(publication)
                PublicityParts.attachments(publication, removeForm: publication.canEdit ? { file in
                    form(.method("post"), .action("/publicity/\(publication.id)/attachments/\(file.id)/delete"), .class("inline")) {
                        Forms.csrf(layout)
                        button(Attribute("data-confirm", "删除这个附件？")) { "删除" }
                    }
                } : nil)
                if publication.canEdit {
                    form(.method("post"), .action("/publicity/\(publication.id)/attachments"), .enctype("multipart/form-data")) {
                        Forms.csrf(layout)
                        label { "添加附件（照片或 PDF，最大 10 MB）"; input(.type("file"), .name("file"), .accept("image/jpeg,image/png,image/gif,image/webp,application/pdf"), .required()) }
                        label { "说明（可选）"; input(.name("caption"), .maxlength(60), .placeholder("如：收支凭证扫描件")) }
                        button { "上传" }
                    }
                }
            }
            actions
            PublicityParts.versions(publication) { "/publicity/\($0)" }
            PublicityParts.questions(publication) { question in
                form(.method("post"), .action("/publicity/questions/\(question.id)/answer")) {
                    Forms.csrf(layout)
                    label { "答复（公开）"; textarea(.name("answer"), .rows(3), .maxlength(1000), .required()) { typedAnswers[question.id] ?? "" } }
                    button(.class("primary")) { "答复" }
                }
            }
        }
    }

    private var actions: Node {
        group {
            if publication.canEdit || publication.canReview || publication.canPublish {
                section(.class("card")) {
                    h2 { "审核与公开" }
                    if publication.canEdit { p { a(.class("button"), .href("/publicity/\(publication.id)/edit")) { "修改" } } }
                    if publication.canReview {
                        form(.method("post"), .action("/publicity/\(publication.id)/review")) {
                            Forms.csrf(layout)
                            label {
                                "审核情况（与公开内容一同显示）"
                                input(.name("note"), .value(typedNote), .maxlength(100), .required(), .placeholder("如：12月2日村两委会议审核"))
                            }
                            button(.class("primary")) { "审核通过" }
                        }
                    } else if publication.state == .draft {
                        p(.class("muted")) { "草稿须由起草人以外的班子成员审核。" }
                    }
                    if publication.canPublish {
                        form(.method("post"), .action("/publicity/\(publication.id)/publish"), .class("row-form")) {
                            Forms.csrf(layout)
                            span { "公开后所有人都能在本村（社区）公开页面看到，不能再修改。" }
                            button(.class("primary"), Attribute("data-confirm", "公开后不能修改，只能更正。确认公开？")) { "公开" }
                        }
                    }
                }
            }
            if publication.canCorrect {
                section(.class("card")) {
                    details {
                        summary { "更正" }
                        form(.method("post"), .action("/publicity/\(publication.id)/correct")) {
                            Forms.csrf(layout)
                            label { "更正原因（与新旧版本一同公开）"; input(.name("reason"), .value(typedReason), .maxlength(200), .required()) }
                            button { "起草更正版本" }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Members' and residents' pages

extension PublicityPages.AskPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "对“\(publication.title)”提问" }
                p(.class("muted")) { "问题和答复都会在公开页面显示（不显示您的姓名）；村（社区）一般 5 个工作日内答复，答复后消息中心会通知您。" }
                Forms.errors(errors)
                form(.method("post"), .action("/publicity/\(publication.id)/ask")) {
                    Forms.csrf(layout)
                    label { "问题"; textarea(.name("text"), .rows(5), .maxlength(500), .required()) { typed } }
                    Forms.submit("提交问题", cancel: "/public/publicity/\(publication.id)")
                }
            }
            PublicityParts.questions(publication)
        }
    }
}

extension PublicityPages.PublicPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/public/organizations/\(publication.organizationID)#publicity")) { publication.organizationName }; " › "; span { "三务公开" } }
            div(.class("heading")) { h1 { publication.title } }
            if publication.state == .superseded {
                p(.class("warning-text")) {
                    "本版本已被更正。"
                    if let latest = publication.versions.last { a(.href("/public/publicity/\(latest.id)")) { "查看最新版本" } }
                }
            }
            section(.class("card")) {
                PublicityParts.header(publication)
                PublicityParts.content(publication)
                PublicityParts.attachments(publication)
            }
            PublicityParts.versions(publication) { "/public/publicity/\($0)" }
            PublicityParts.questions(publication)
            if publication.state == .published {
                p(.class("muted small")) {
                    "本村（社区）的群众和党员可以"
                    a(.href("/publicity/\(publication.id)/ask")) { "登录后提问" }
                    "，村（社区）公开答复。"
                }
            }
        }
    }
}
