import DangjianCore
import DangjianHTML

/// 首页: what to do now first — a meeting open for sign-in, the secretary's four jobs, the member's dues, the to-dos —
/// then the figures and charts of the caller's scope and the structure warnings.
extension HomePages.HomePage {
    var node: Node {
        Frame.page(layout) {
            h1 { "您好，\(layout.userName ?? "")" }
            p(.class("muted")) { "角色：" + roles.joined(separator: " ") }
            for meeting in signIn {
                section(.class("card sign-in-now")) {
                    h2 { "正在签到" }
                    p {
                        meeting.title
                        br()
                        span(.class("muted")) { "\(meeting.when) · \(meeting.place)" }
                    }
                    p { a(.class("button primary big"), .href("/checkin")) { "去签到" } }
                }
            }
            if !entries.isEmpty {
                nav(.class("entries"), .ariaLabel("常用工作")) {
                    for entry in entries {
                        a(.class("entry"), .href(entry.href)) {
                            Self.icon(entry.icon)
                            strong { entry.label }
                            if let note = entry.note { small { note } }
                        }
                    }
                }
            }
            if let dues { Self.figures(dues) }
            if !study.isEmpty {
                section(.class("card")) {
                    h2 { "必学"; " "; a(.class("small"), .href("/learning")) { "学习" } }
                    ul(.class("findings")) {
                        for item in study {
                            li(.class(item.overdue ? "warning" : "upcoming")) {
                                a(.href("/learning/courses/\(item.courseID)")) { "《\(item.title)》" }
                                "，\(item.due) 前完成，已完成 \(item.percent)%" + (item.overdue ? "（已逾期）" : "")
                            }
                        }
                    }
                }
            }
            if !todos.isEmpty {
                section(.class("card")) {
                    h2 {
                        "待办（\(todoCount)）"
                        a(.class("small"), .href("/todos")) { "全部" }
                    }
                    ul(.class("findings")) {
                        for todo in todos {
                            li(.class(todo.overdue ? "warning" : "upcoming")) {
                                a(.href(todo.link)) { "\(todo.subject)：\(todo.title)" }
                                "，\(todo.due) 前" + (todo.overdue ? "（已逾期）" : "")
                            }
                        }
                    }
                }
            }
            if let summary {
                scope(summary)
            } else if entries.isEmpty {
                section(.class("card")) {
                    p(.class("muted")) {
                        "您负责的工作都在菜单中："
                        for item in layout.nav where item.href != "/" {
                            a(.href(item.href)) { item.label }
                            " "
                        }
                    }
                }
            }
        }
    }

    private static func figures(_ dues: HomePages.MyDues) -> Node {
        section(.class("figures")) {
            Figures.figure(dues.due ?? "—", "\(dues.month)党费（元）" + (dues.state.map { "：\($0)" } ?? ""), link: "/dues/mine")
            Figures.figure(dues.owed, "欠交党费（元）" + (dues.owedMonths > 0 ? "，\(dues.owedMonths) 个月" : ""), link: "/dues/mine",
                           warn: dues.owedMonths > 0)
        }
    }

    private func scope(_ summary: HomeSummary) -> Node {
        group {
            p(.class("muted")) { "负责范围：" + summary.scopeNames.joined(separator: " ") }
            section(.class("figures")) {
                Figures.figure(summary.members.total, "在册党员", link: "/members")
                Figures.figure(summary.members.full, "正式党员")
                Figures.figure(summary.members.probationary, "预备党员")
                Figures.figure(summary.organizations.organizations, "党组织", link: "/organizations")
                Figures.figure(summary.organizations.branches, "党支部")
                Figures.figure(summary.members.women, "女党员")
                Figures.figure(summary.members.minorities, "少数民族党员")
                Figures.figure(summary.members.higherEducation, "大专及以上")
                Figures.figure(summary.members.mobile, "流动党员", link: "/members?status=mobile")
                Figures.figure(summary.members.lostContact, "失联党员", link: "/members?status=lostContact")
                Figures.figure(summary.members.incomplete, "信息不完整", link: "/members?incomplete=true", warn: true)
                Figures.figure(summary.warningCount, "组织设置提醒", warn: true)
            }
            section(.class("charts")) {
                for chart in charts { Self.chart(chart.title, chart.document) }
            }
            if !summary.warnings.isEmpty {
                section(.class("card")) {
                    h2 {
                        "组织设置提醒 "
                        small(.class("muted")) { "（依据：党支部工作条例、基层组织选举工作条例）" }
                    }
                    ul(.class("findings")) {
                        for warning in summary.warnings {
                            li(.class(warning.severity.rawValue)) {
                                a(.href("/organizations/\(warning.organizationID)")) { warning.organizationName }
                                "：\(warning.message)"
                            }
                        }
                    }
                    if summary.warningsPartial {
                        p(.class("muted small")) { "范围较大，这里只统计党支部人数方面的提醒；换届等提醒请进入各级组织查看。" }
                    }
                    if summary.warningCount > summary.warnings.count {
                        p(.class("muted")) { "仅列出前 \(summary.warnings.count) 条，共 \(summary.warningCount) 条；请进入各组织查看。" }
                    }
                }
            }
        }
    }

    private static func chart(_ title: String, _ document: SVGDocument) -> Node {
        div(.class("card chart")) {
            h2 { title }
            Node.svg(document)
        }
    }

    /// The entry points' icons (`HomeEntry.icon`).
    static func icon(_ name: String) -> Node {
        switch name {
        case "plan": Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M8 14h3M8 17h6"/></svg>"#)
        case "checkin":
            Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2"/></svg>"#)
        case "me": Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4.5 4.5-6.5 8-6.5s7 2 8 6.5"/></svg>"#)
        case "dues": Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 7h16v11H4zM4 11h16M8 15h3"/></svg>"#)
        default: Node.markup(#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 21V11M12 11c0-4 3-6 7-6 0 4-3 6-7 6zM12 14c0-3-2-5-6-5 0 3 2 5 6 5z"/></svg>"#)
        }
    }
}
