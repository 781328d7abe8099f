import DangjianCore
import DangjianHTML

/// The 爱心超市 counter, receipts, the volunteer's passbook and card, and the public quarterly board.
extension VolunteerViews {
    struct CounterPage {
        let layout: Layout
        let organizations: [OrganizationModel]
        let shop: OrganizationModel?
        let card: String?
        let holder: SupermarketWork.Holder?
        let items: [SupermarketWork.Item]
        let errors: [FieldError]

        var node: Node {
            Frame.page(layout) {
                nav(.class("breadcrumb")) { a(.href("/volunteer")) { "志愿服务" }; " › "; span { "爱心超市柜台" } }
                h1 { "爱心超市柜台" + (shop.map { "：\($0.name)" } ?? "") }
                Forms.errors(errors)
                section(.class("card")) {
                    p(.class("muted")) { "用扫码枪或手机扫持卡人的服务卡二维码；扫码枪会把卡号填入下面的框。" }
                    form(.method("get"), .action("/volunteer/counter")) {
                        Forms.choice("爱心超市", name: "organization", SelectOption.organizations(organizations, selected: shop?.id), required: true)
                        label { "服务卡"; input(.name("card"), .value(card), .maxlength(200), Attribute("autofocus", nil), Attribute("autocomplete", "off"), .required()) }
                        button(.class("primary")) { "识别" }
                    }
                }
                if let holder, let shop, let shopID = shop.id, let card {
                    section(.class("card")) {
                        h2 { "持卡人：\(holder.name)" }
                        VolunteerViews.standing(holder)
                        if items.isEmpty {
                            p(.class("muted")) { "货架上没有可兑换的物品。" }
                        } else {
                            form(.method("post"), .action("/volunteer/counter")) {
                                Forms.csrf(layout)
                                input(.type("hidden"), .name("organizationID"), .value("\(shopID)"))
                                input(.type("hidden"), .name("card"), .value(card))
                                for item in items {
                                    label {
                                        "\(item.name)（\(item.points) 分，库存 \(item.stock)）"
                                        input(.type("number"), .name("qty-\(item.id)"), .min("0"), .max("\(min(item.stock, 100))"), .value("0"), .class("short"))
                                    }
                                }
                                button(.class("primary")) { "兑换" }
                            }
                        }
                    }
                }
            }
        }
    }

    struct ReceiptPage {
        let layout: Layout
        let receipt: SupermarketWork.Receipt
        let counter: Bool

        var node: Node {
            Frame.page(layout) {
                section(.class("card receipt")) {
                    h1 { "爱心超市兑换凭证" }
                    dl(.class("fields")) {
                        dt { "爱心超市" }; dd { receipt.organizationName }
                        dt { "持卡人" }; dd { receipt.volunteer }
                        dt { "日期" }; dd { receipt.on }
                        dt { "凭证号" }; dd { "\(receipt.id)" }
                    }
                    table(.class("list")) {
                        thead { tr { th { "物品" }; th { "数量" }; th { "积分" } } }
                        tbody {
                            for line in receipt.lines { tr { td { line.name }; td { "\(line.quantity)" }; td { line.points } } }
                            tr { td { strong { "合计" } }; td { "" }; td { strong { receipt.points } } }
                        }
                    }
                    p { "兑换后积分余额：\(receipt.balanceAfter) 分（服务时长不因兑换减少）" }
                }
                p(.class("no-print")) {
                    button(.flag("data-print", true)) { "打印" }
                    " "
                    if counter { a(.class("button"), .href("/volunteer/counter")) { "下一位" } } else { a(.href("/volunteer/passbook")) { "返回爱心存折" } }
                }
            }
        }
    }

    struct PassbookPage {
        let layout: Layout
        let passbook: PassbookWork.Passbook

        var node: Node {
            Frame.page(layout) {
                nav(.class("breadcrumb")) { a(.href("/volunteer")) { "志愿服务" }; " › "; span { "我的爱心存折" } }
                h1 { "我的爱心存折" }
                section(.class("card")) {
                    VolunteerViews.standing(passbook.standing)
                    p(.class("muted small")) {
                        "服务 1 小时计 1 分，每次活动最多计入 \(passbook.creditCapHours) 分；每季度可在爱心超市兑换 \(passbook.exchangesPerQuarter) 次；"
                            + "兑换扣减积分，服务时长不减少；\(passbook.year) 年每服务满 \(passbook.starStepHours) 小时加一星，最多五星。"
                    }
                }
                if passbook.entries.isEmpty {
                    p(.class("card muted")) { "还没有积分记录。报名参加志愿服务，活动结束后由组织者确认时长。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["日期", "事项", "说明", "积分"] { th { heading } } } }
                        tbody {
                            for entry in passbook.entries {
                                tr {
                                    td(Attribute("data-label", "日期")) { entry.on }
                                    td(Attribute("data-label", "事项")) { entry.kindLabel }
                                    td(Attribute("data-label", "说明")) {
                                        entry.note
                                        if entry.receipt { " "; a(.href("/volunteer/receipts/\(entry.transferID)")) { "凭证" } }
                                    }
                                    td(Attribute("data-label", "积分")) { entry.points }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    struct CardPage {
        let layout: Layout
        let name: String
        let token: String

        var node: Node {
            Frame.page(layout) {
                section(.class("card service-card")) {
                    h1 { "服务卡" }
                    p(.class("service-card-name")) { name }
                    img(.src("/api/v1/volunteer/card.svg?v=\(token.prefix(6))"), .alt("服务卡二维码"), .width(220), .height(220), .class("qr"))
                    p(.class("muted small")) { "在爱心超市柜台出示此码兑换；卡号 \(token.prefix(4))…\(token.suffix(4))" }
                }
                p(.class("no-print")) {
                    button(.flag("data-print", true)) { "打印" }
                }
                details(.class("no-print")) {
                    summary { "卡丢了？" }
                    form(.method("post"), .action("/volunteer/card/reissue")) {
                        Forms.csrf(layout)
                        p(.class("muted")) { "重新生成后，原来打印的卡和截图里的二维码都不能再用。" }
                        button(.class("danger")) { "重新生成服务卡" }
                    }
                }
            }
        }
    }

    struct BoardPage {
        let layout: Layout
        let board: PassbookWork.Board

        var node: Node {
            Frame.page(layout) {
                nav(.class("breadcrumb")) {
                    a(.href("/public/organizations/\(board.organizationID)")) { board.organizationName }; " › "; span { "志愿服务公示" }
                }
                h1 { "志愿服务公示（\(board.quarter)）" }
                p(.class("muted")) { "截至 \(board.until)：本年服务时长、星级和爱心存折积分余额。姓名仅显示姓氏。" }
                if board.rows.isEmpty {
                    p(.class("card muted")) { "本季度没有需要公示的志愿服务记录。" }
                } else {
                    table(.class("list cards")) {
                        thead { tr { for heading in ["志愿者", "本年服务时长", "星级", "积分余额"] { th { heading } } } }
                        tbody {
                            for row in board.rows {
                                tr {
                                    td(Attribute("data-label", "志愿者")) { row.name }
                                    td(Attribute("data-label", "服务时长")) { "\(row.servedThisYear) 小时" }
                                    td(Attribute("data-label", "星级")) { VolunteerViews.stars(row.stars) }
                                    td(Attribute("data-label", "积分余额")) { row.balance }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
