import DangjianHTML

/// A member's record: basic facts, membership, completeness, organizational life and the history of their status.
extension MemberPages.ShowPage {
    var node: Node {
        Frame.page(layout) {
            div(.class("heading")) {
                h1 { member.name }
                span(.class("tag")) { member.membershipLabel }
                span(.class("tag muted-tag")) { member.statusLabel }
            }
            div(.class("actions")) {
                if canWrite {
                    a(.class("button"), .href("/members/\(member.id)/edit")) { "修改档案" }
                    a(.class("button"), .href("/members/\(member.id)/transfer")) { "调整所在党组织" }
                    a(.class("button"), .href("/members/\(member.id)/status")) { "变更党籍状态" }
                    a(.class("button"), .href("/members/\(member.id)/discipline")) { "留党察看" }
                }
                if canReveal { a(.class("button"), .href("/members/\(member.id)/reveal")) { "查看完整号码" } }
                if canSeeDues { a(.class("button"), .href("/dues/members/\(member.id)")) { "党费账" } }
            }
            if let revealed {
                div(.class("revealed card"), .role("status")) {
                    strong { "完整号码（本次查看已记入审计日志，请勿截屏外传）" }
                    p { "公民身份号码："; span(.class("mono")) { revealed.idNumber ?? "" } }
                    p { "联系电话："; span(.class("mono")) { revealed.phone ?? "" } }
                }
            }
            basics
            membership
            completeness
            if !member.activities.isEmpty { activities }
            StudyRecordParts.section(study, own: isOwn)
            if !member.history.isEmpty { history }
        }
    }

    /// The value, or 未填写 in grey.
    private static func filled(_ value: String?) -> Node {
        if let value { .text(value) } else { span(.class("muted")) { "未填写" } }
    }

    private var basics: Node {
        section(.class("card")) {
            h2 { "基本信息" }
            dl(.class("fields")) {
                dt { "姓名" }; dd { member.name }
                dt { "性别" }; dd { member.genderLabel }
                dt { "民族" }; dd { Self.filled(member.ethnicity) }
                dt { "出生日期" }; dd { "\(member.birthDate)（\(member.age) 岁）" }
                dt { "公民身份号码" }; dd(.class("mono")) { Self.filled(member.idNumber) }
                dt { "学历" }; dd { Self.filled(member.educationLabel) }
                dt { "人员类别" }; dd { Self.filled(member.categoryLabel) }
                dt { "工作单位及职务" }; dd { Self.filled(member.job) }
                dt { "联系电话" }; dd(.class("mono")) { Self.filled(member.phone) }
                dt { "家庭住址" }; dd { Self.filled(member.address) }
            }
        }
    }

    private var membership: Node {
        section(.class("card")) {
            h2 { "党籍信息" }
            dl(.class("fields")) {
                dt { "所在党组织" }
                dd {
                    if canSeeOrganization {
                        a(.href("/organizations/\(member.organizationID)")) { member.organizationName }
                    } else {
                        member.organizationName
                    }
                }
                dt { "党员类型" }; dd { member.membershipLabel }
                dt { "入党时间" }; dd { member.joinedOn.description }
                dt { "转正时间" }
                dd {
                    if let fullOn = member.fullOn { fullOn.description }
                    else if member.membership == .probationary { span(.class("muted")) { "预备期中" } }
                    else { span(.class("muted")) { "未填写" } }
                }
                dt { "党籍状态" }
                dd {
                    member.statusLabel
                    if let since = member.statusSince { "，自 \(since)" }
                    if let reason = member.leaveReason { "（\(reason)）" }
                }
                if let host = member.mobileHost { dt { "流入地党组织" }; dd { host } }
                if let note = member.statusNote { dt { "说明" }; dd { note } }
                if let discipline = member.discipline {
                    dt { "留党察看" }
                    dd(.class(discipline.inForce ? "warning-text" : nil)) {
                        "\(discipline.from) 起 \(discipline.years) 年（至 \(discipline.ends)）"
                        if let restored = discipline.restoredOn { "，\(restored) 已恢复党员权利" }
                        else if discipline.inForce { "，察看期间没有表决权、选举权和被选举权，不能作入党介绍人" }
                        if let note = discipline.note { br(); small(.class("muted")) { note } }
                    }
                }
            }
        }
    }

    private var completeness: Node {
        section(.class("card")) {
            h2 { "信息完整度：\(member.completeness.score)%" }
            progress(.class("meter"), .max(100), .value(member.completeness.score)) { "\(member.completeness.score)%" }
            if member.completeness.missing.isEmpty {
                p(.class("muted")) { "各项信息齐全。" }
            } else {
                p {
                    "待补充："
                    for item in member.completeness.missing { span(.class("tag warn-tag")) { item } }
                }
            }
        }
    }

    private var activities: Node {
        section(.class("card")) {
            h2 { "组织生活" }
            table(.class("list")) {
                thead { tr { th { "日期" }; th { "活动" }; th { "出席情况" } } }
                tbody {
                    for activity in member.activities {
                        tr {
                            td { activity.date.description }
                            td { "\(activity.kindLabel)：\(activity.topic)" }
                            td {
                                activity.statusLabel
                                if let reason = activity.reason { "（\(reason)）" }
                                if let grade = activity.gradeLabel { "，评定为\(grade)" }
                            }
                        }
                    }
                }
            }
        }
    }

    private var history: Node {
        section(.class("card")) {
            h2 { "党籍变动记录" }
            table(.class("list")) {
                thead { tr { th { "日期" }; th { "状态" }; th { "类型" }; th { "说明" } } }
                tbody {
                    for event in member.history {
                        tr {
                            td { event.onDate.description }
                            td {
                                event.status
                                if let reason = event.leaveReason { "（\(reason)）" }
                            }
                            td { event.membership }
                            td { event.note ?? "" }
                        }
                    }
                }
            }
        }
    }
}
