import DangjianCore
import DangjianHTML

/// How the 一站式服务 pages look: a service's slots as large buttons a thumb can hit, 错时 ones marked.
enum ServiceViews {
    static func facts(_ service: ServiceWork.Service) -> Node {
        dl(.class("fields")) {
            dt { "办理地点" }; dd { service.place }
            dt { "办理时间" }; dd { for line in service.hours.split(separator: "\n") { String(line); br() } }
            dt { "所需材料" }; dd { service.documents.isEmpty ? "—" : service.documents }
            dt { "经办" }; dd { service.handler }
        }
    }

    struct BookingPage {
        let layout: Layout
        let service: ServiceWork.Service
        let days: [ServiceWork.Day]
        let typed: ServiceWork.BookingInput
        let errors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                nav(.class("breadcrumb")) {
                    a(.href("/public/organizations/\(service.organizationID)#services")) { service.organizationName }; " › "; span { "一站式服务" }
                }
                h1 { service.name }
                section(.class("card")) { ServiceViews.facts(service) }
                Forms.errors(errors)
                section(.class("card")) {
                    h2 { "预约时段" }
                    p(.class("muted")) { "标“错时”的是晚上、清早和周末的时段，方便上班、务工的群众。每项服务每人每天可约一次。" }
                    if days.isEmpty {
                        p(.class("muted")) { "今后 \(ServiceWork.bookingDays) 天没有可预约的时段。" }
                    } else {
                        form(.method("post"), .action("/services/\(service.id)/appointments")) {
                            Forms.csrf(layout)
                            // One day open at a time: the first, or the one holding the slot already chosen.
                            let chosenDay = days.first { day in day.slots.contains { $0.startsAt == typed.startsAt } }?.date ?? days.first?.date
                            for day in days {
                                details(.class("slots"), .flag("open", day.date == chosenDay)) {
                                    summary {
                                        let free = day.slots.filter { $0.left > 0 }
                                        "\(day.date) \(day.weekday) · 可约 \(free.count) 个时段" + (free.contains { $0.afterHours } ? "（含错时）" : "")
                                    }
                                    div(.class("slot-grid")) {
                                        for slot in day.slots {
                                            label(.class(slot.left == 0 ? "slot full" : (slot.afterHours ? "slot after-hours" : "slot"))) {
                                                input(.type("radio"), .name("startsAt"), .value(slot.startsAt), .flag("checked", typed.startsAt == slot.startsAt),
                                                      .flag("disabled", slot.left == 0), .required())
                                                slot.clock + (slot.afterHours ? " 错时" : "") + (slot.left == 0 ? " 满" : "")
                                            }
                                        }
                                    }
                                }
                            }
                            label { "办理事由（可选）"; textarea(.name("note"), .rows(2), .maxlength(200)) { typed.note ?? "" } }
                            button(.class("primary")) { "预约" }
                        }
                    }
                }
            }
        }
    }

    static func appointments(_ items: [ServiceWork.Appointment], layout: Layout, organizer: Bool) -> Node {
        table(.class("list cards")) {
            thead { tr { for heading in organizer ? ["时段", "事项", "预约人", "事由", "状态", "办理"] : ["时段", "事项", "地点", "状态", "结果"] { th { heading } } } }
            tbody {
                for item in items {
                    tr {
                        td(Attribute("data-label", "时段")) { item.startsAt + (item.afterHours ? "（错时）" : "") }
                        td(Attribute("data-label", "事项")) { item.service }
                        if organizer {
                            td(Attribute("data-label", "预约人")) { item.name }
                            td(Attribute("data-label", "事由")) { item.note.isEmpty ? "—" : item.note }
                        } else {
                            td(Attribute("data-label", "地点")) { "\(item.organizationName) · \(item.place)" }
                        }
                        td(Attribute("data-label", "状态")) { item.stateLabel + (item.waitMinutes.map { "（等候 \($0) 分钟）" } ?? "") }
                        td(Attribute("data-label", organizer ? "办理" : "结果")) {
                            if let outcome = item.outcome { p { outcome } }
                            if item.canCancel {
                                form(.method("post"), .action("/appointments/\(item.id)/cancel"), .class("inline")) {
                                    Forms.csrf(layout)
                                    button { "取消预约" }
                                }
                            }
                            if item.canClose {
                                form(.method("post"), .action("/appointments/\(item.id)/close")) {
                                    Forms.csrf(layout)
                                    label { "办理结果"; textarea(.name("outcome"), .rows(2), .maxlength(500)) { "" } }
                                    button(.class("primary"), .name("state"), .value("served")) { "办结" }
                                    " "
                                    button(.name("state"), .value("no-show"), Attribute("formnovalidate", nil)) { "未到" }
                                }
                            }
                            if item.outcome == nil && !item.canCancel && !item.canClose { "—" }
                        }
                    }
                }
            }
        }
    }

    struct MinePage {
        let layout: Layout
        let appointments: [ServiceWork.Appointment]
        let errors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                h1 { "我的预约" }
                Forms.errors(errors)
                if appointments.isEmpty {
                    p(.class("card muted")) { "还没有预约。在本村（社区）的公开页面“一站式服务”中选择事项预约。" }
                } else {
                    ServiceViews.appointments(appointments, layout: layout, organizer: false)
                }
            }
        }
    }

    struct DeskPage {
        let layout: Layout
        let organizations: [OrganizationModel]
        let office: OrganizationModel?
        let date: CalendarDate
        let catalogue: [ServiceWork.Service]
        let appointments: [ServiceWork.Appointment]
        let statistics: ServiceWork.Statistics?
        let typed: ServiceWork.ServiceInput
        let serviceErrors: [FieldError]
        let closeErrors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                h1 { "一站式服务" + (office.map { "：\($0.name)" } ?? "") }
                form(.method("get"), .action("/services/manage"), .class("row-form")) {
                    Forms.choice("村（社区）", name: "organization", SelectOption.organizations(organizations, selected: office?.id))
                    label { "日期"; input(.type("date"), .name("date"), .value(date.description)) }
                    button { "查看" }
                }
                section(.class("card"), .id("day")) {
                    h2 { "\(date) 的预约（\(appointments.count) 个）" }
                    Forms.errors(closeErrors)
                    if appointments.isEmpty {
                        p(.class("muted")) { "这一天没有预约。" }
                    } else {
                        ServiceViews.appointments(appointments, layout: layout, organizer: true)
                    }
                }
                if let statistics { stats(statistics) }
                catalogueSection
            }
        }

        private func stats(_ statistics: ServiceWork.Statistics) -> Node {
            section(.class("card"), .id("statistics")) {
                h2 { "预约统计（\(statistics.from) 至 \(statistics.to)）" }
                if statistics.rows.isEmpty {
                    p(.class("muted")) { "这段时间没有预约。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["事项", "预约", "办结", "未到", "取消", "错时", "平均等候"] { th { heading } } } }
                        tbody {
                            for row in statistics.rows {
                                tr {
                                    td(Attribute("data-label", "事项")) { row.service }
                                    td(Attribute("data-label", "预约")) { "\(row.booked)" }
                                    td(Attribute("data-label", "办结")) { "\(row.served)" }
                                    td(Attribute("data-label", "未到")) { "\(row.noShow)" + (row.noShowPercent.map { "（\($0)%）" } ?? "") }
                                    td(Attribute("data-label", "取消")) { "\(row.cancelled)" }
                                    td(Attribute("data-label", "错时")) { "\(row.afterHours)" }
                                    td(Attribute("data-label", "平均等候")) { row.averageWaitMinutes.map { "\($0) 分钟" } ?? "—" }
                                }
                            }
                        }
                    }
                }
            }
        }

        private var catalogueSection: Node {
            section(.class("card"), .id("catalogue")) {
                h2 { "服务事项" }
                for service in catalogue {
                    article(.class("service-item")) {
                        h3 { service.name + (service.active ? "" : "（已停止预约）") }
                        ServiceViews.facts(service)
                        form(.method("post"), .action("/services/\(service.id)/active"), .class("inline")) {
                            Forms.csrf(layout)
                            input(.type("hidden"), .name("active"), .value(service.active ? "false" : "true"))
                            button { service.active ? "停止预约" : "恢复预约" }
                        }
                    }
                }
                if let office, let id = office.id {
                    h3 { "新增服务事项" }
                    Forms.errors(serviceErrors)
                    form(.method("post"), .action("/services")) {
                        Forms.csrf(layout)
                        input(.type("hidden"), .name("organizationID"), .value("\(id)"))
                        label { "服务事项"; input(.name("name"), .value(typed.name), .maxlength(30), .required(), .placeholder("如：社保卡办理")) }
                        label { "办理地点"; input(.name("place"), .value(typed.place), .maxlength(60), .required()) }
                        label { "办理时间（每行一段）"; textarea(.name("hours"), .rows(3), .required(), .placeholder("周一至周五 9:00-17:00\n周二、周四 18:30-20:30")) { typed.hours ?? "" } }
                        label { "每个时段（分钟）"; input(.type("number"), .name("slotMinutes"), .value(typed.slotMinutes?.value.map(String.init) ?? "30"), .min("10"), .max("240")) }
                        label { "每个时段可约人数"; input(.type("number"), .name("perSlot"), .value(typed.perSlot?.value.map(String.init) ?? "2"), .min("1"), .max("50")) }
                        label { "所需材料（可选）"; textarea(.name("documents"), .rows(2), .maxlength(500)) { typed.documents ?? "" } }
                        label { "经办岗位（不填电话）"; input(.name("handler"), .value(typed.handler), .maxlength(30), .required(), .placeholder("如：便民服务代办员")) }
                        button(.class("primary")) { "新增" }
                    }
                }
            }
        }
    }
}
