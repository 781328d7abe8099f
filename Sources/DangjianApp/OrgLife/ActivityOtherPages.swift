import DangjianCore
import DangjianHTML

/// 活动总结报告, printable.
extension ActivityPages.ReportPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb no-print")) { a(.href("/activities/\(id)")) { "返回活动" } }
            article(.class("card report-sheet")) {
                h1(.class("center")) { report.title }
                for part in report.sections {
                    h2 { part.title }
                    for paragraph in part.paragraphs { p { paragraph } }
                }
                p(.class("actions no-print")) {
                    button(.class("button"), .flag("data-print", true)) { "打印" }
                    " "
                    a(.class("button"), .href("/activities/\(id)/report.docx")) { "下载 Word" }
                }
            }
        }
    }
}

/// 实时看板: the meetings signing in now, updated live by the page's script.
extension ActivityPages.BoardPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/activities")) { "组织生活" }; " › "; span { "实时看板" } }
            h1 { "正在进行的组织生活" }
            p(.class("muted")) { "签到情况实时更新，无需刷新页面。" }
            div(.class("board"), Attribute("data-board", "/api/v1/board/events")) {
                if board.isEmpty { p(.class("card muted"), .flag("data-empty", true)) { "目前没有正在进行的活动。" } }
                for meeting in board {
                    section(.class("card board-item"), Attribute("data-id", String(meeting.id))) {
                        h2 { a(.href("/activities/\(meeting.id)")) { "\(meeting.kindLabel)：\(meeting.topic)" } }
                        p(.class("muted")) { "\(meeting.organizationName) · \(meeting.place)" + (meeting.startTime.map { " · \($0)" } ?? "") }
                        p(.class("figure-line")) { "已签到 "; strong { meeting.present }; " / 应到 "; strong { meeting.expected } }
                        p(.class("signed-names")) { for name in meeting.signedIn { span(.class("tag muted-tag")) { name } } }
                        p { a(.class("button"), .href("/activities/\(meeting.id)")) { "查看并发送指导意见" } }
                    }
                }
            }
        }
    }
}

/// 会议签到: the member's page, reached by scanning the QR code or typed in.
extension ActivityPages.CheckInPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "会议签到" }
                if let signed {
                    p(.class("signed-confirmation"), .role("status")) { strong { "已签到：" }; signed.title; br(); "\(signed.when) · \(signed.place)" }
                }
                for meeting in open where !meeting.signedIn {
                    p(.class("open-meeting")) { "正在签到：\(meeting.title)，\(meeting.when) · \(meeting.place)" }
                }
                if open.isEmpty { p(.class("muted")) { "目前没有需要您签到的活动。会议开始签到后，扫描主持人屏幕上的二维码，或在这里输入签到码。" } }
                p(.class("muted")) { "扫描主持人屏幕上的二维码，或输入屏幕上的 6 位签到码。签到码每两分钟更换一次。" }
                Forms.errors(errors)
                form(.method("post"), .action("/checkin")) {
                    Forms.csrf(layout)
                    label {
                        "签到码"
                        input(.name("code"), .value(code), .inputmode("numeric"), .pattern("[0-9 ]*"), .maxlength(8), .autocomplete("off"), .required(),
                              .class("code-input"), .autofocus(code.isEmpty))
                    }
                    button(.class("primary big")) { code.isEmpty ? "签到" : "确认签到" }
                }
            }
        }
    }
}

/// 签到屏幕: the code, its QR code and the names as members sign in; full screen on a projector.
extension ActivityPages.ScreenPage {
    var node: Node {
        let id = detail.summary.id
        return Frame.page(layout) {
            if !projector {
                nav(.class("breadcrumb")) { a(.href("/activities/\(id)")) { detail.summary.topic }; " › "; span { "签到屏幕" } }
            }
            section(.class(projector ? "card sign-in-screen projector" : "card sign-in-screen"), Attribute("data-live", "/api/v1/activities/\(id)/events")) {
                h1 { "\(detail.summary.kindLabel)：\(detail.summary.topic)" }
                p(.class("muted")) { "\(detail.summary.organizationName) · \(detail.summary.place)" }
                if let code = live.code {
                    div(.class("sign-in-pair")) {
                        figure(.class("sign-in-qr")) {
                            img(.src("/api/v1/activities/\(id)/signin.svg?code=\(code)"), Attribute("data-qr", "/api/v1/activities/\(id)/signin.svg"),
                                .alt("签到二维码：用手机扫码签到"), .width(280), .height(280))
                            figcaption { "用手机扫码签到" }
                        }
                        div {
                            p(.class("code-label")) { "或在手机上打开“签到”，输入签到码：" }
                            p(.class("sign-in-code"), Attribute("data-field", "code")) { code }
                            p(.class("muted")) { span(Attribute("data-field", "secondsLeft")) { live.secondsLeft.map(String.init) ?? "" }; " 秒后更换" }
                        }
                    }
                } else {
                    p(.class("warning")) { "活动\(detail.summary.stateLabel)，签到未开启。" }
                }
                p(.class("figure-line")) {
                    "已签到 "
                    strong(Attribute("data-field", "present")) { live.present }
                    " / 应到 "
                    strong(Attribute("data-field", "expected")) { live.expected }
                }
                p(.class("signed-names"), Attribute("data-field", "signedIn")) { for name in live.signedIn { span(.class("tag muted-tag")) { name } } }
                ul(.class("findings"), Attribute("data-field", "guidance")) {
                    for guidance in live.guidance { li(.class("notice")) { "上级指导：\(guidance.text)（\(guidance.authorName)）" } }
                }
                if projector {
                    p(.class("no-print")) { a(.class("button"), .href("/activities/\(id)/screen"), .flag("data-exit-projector", true)) { "退出投影" } }
                } else {
                    p {
                        a(.class("button primary"), .href("/activities/\(id)/screen?projector=1"), .flag("data-projector", true)) { "全屏投影" }
                        " "
                        a(.class("button"), .href("/activities/\(id)")) { "登记请假和缺席，记录会议内容" }
                    }
                }
            }
        }
    }
}

/// 组织生活落实情况: each branch's months, red, yellow and green, with the requirements behind each cell.
extension ActivityPages.CompliancePage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/activities")) { "组织生活" }; " › "; span { "落实情况" } }
            div(.class("heading")) { h1 { "\(grid.organizationName) \(grid.year) 年组织生活落实情况" } }
            form(.method("get"), .action("/compliance"), .class("row-form filters")) {
                input(.type("hidden"), .name("organizationID"), .value(grid.organizationID))
                label { "年度"; input(.type("number"), .name("year"), .value(grid.year), .min(2000), .max(2100)) }
                button { "查看" }
            }
            p(.class("legend")) {
                span(.class("cell met")) { "已完成" }; " 到期的要求都已开展 "
                span(.class("cell open")) { "进行中" }; " 本期还没开展，尚未到期 "
                span(.class("cell missed")) { "未完成" }; " 期限已过仍未开展 "
                span(.class("cell none")) { "不作要求" }
                " 本月没有到期的要求 · 每个月份汇总当月到期的要求（月度每月，季度在季末，年度在年末）；点开格子可看每项要求和依据。"
            }
            if grid.rows.isEmpty {
                p(.class("card muted")) { "该范围内没有党支部。" }
            } else {
                div(.class("grid-scroll"), Attribute("data-current-month", String(currentMonth))) {
                    table(.class("compliance")) {
                        thead {
                            tr {
                                th { "党支部" }
                                for month in months {
                                    if month == currentMonth { th(.ariaCurrent("date"), .flag("data-month-now", true)) { "\(month)月" } }
                                    else { th { "\(month)月" } }
                                }
                                th(.class("num")) { "未完成" }
                            }
                        }
                        tbody {
                            for row in grid.rows {
                                tr {
                                    th(.scope("row")) {
                                        a(.href("/activities?organizationID=\(row.organizationID)")) { row.name }
                                        " "
                                        a(.class("small"), .href("/activities/ledger?organizationID=\(row.organizationID)&year=\(grid.year)"), .title("下载台账（Excel）")) { "台账" }
                                    }
                                    for cell in row.cells {
                                        td(.class("cell " + Self.cellClass(cell.state))) {
                                            if !cell.checks.isEmpty {
                                                details {
                                                    summary { cell.label }
                                                    ul { for check in cell.checks { li { check.explanation; br(); small { check.rule } } } }
                                                }
                                            }
                                        }
                                    }
                                    td(.class("num")) { row.missed }
                                }
                            }
                        }
                    }
                }
                if let nextLink { p { a(.class("button"), .href(nextLink)) { "下一页" } } }
            }
        }
    }

    static func cellClass(_ state: ComplianceState?) -> String {
        switch state {
        case .met: "met"
        case .open: "open"
        case .missed: "missed"
        default: "none"
        }
    }
}
