import DangjianCore
import DangjianHTML

/// 导入党员名册: upload (checked first, nothing written) and the recent imports.
extension ImportPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            h1 { "导入党员名册" }
            section(.class("card")) {
                h2 { "上传文件" }
                p {
                    "支持 Excel（.xlsx，读第一个工作表）和 CSV（UTF-8 或 GBK 编码）。表头可用常见写法，例如："
                    for header in headers { span(.class("tag muted-tag")) { header } }
                }
                p(.class("muted small")) { "先检查，不写入任何数据；检查后看问题报告，再决定导入。导入时所有无问题的行一次写入，中途出错则全部不写入。" }
                Forms.errors(errors)
                form(.method("post"), .action("/imports"), .enctype("multipart/form-data"), .class("upload"), Attribute("data-upload", "/imports/upload")) {
                    Forms.csrf(layout)
                    label { "文件"; input(.type("file"), .name("file"), .accept(".xlsx,.csv"), .required()) }
                    Forms.choice("没有“所在党组织”列时导入到", name: "organizationID", organizations)
                    button(.class("primary")) { "上传并检查" }
                    p(.class("upload-status muted small"), .role("status"))
                }
            }
            if !jobs.isEmpty {
                section(.class("card")) {
                    h2 { "最近的导入" }
                    table(.class("list")) {
                        thead {
                            tr {
                                th { "文件" }; th { "状态" }
                                for heading in ["行数", "有问题", "新增"] { th(.class("num")) { heading } }
                            }
                        }
                        tbody {
                            for job in jobs {
                                tr {
                                    td { a(.href("/imports/\(job.id)")) { job.fileName } }
                                    td { job.statusLabel }
                                    td(.class("num")) { job.totalRows }
                                    td(.class("num")) { job.problemRows }
                                    td(.class("num")) { job.insertedRows }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One import: progress while it runs (the page refreshes itself), the check's figures and problems, and running it.
extension ImportPages.ShowPage {
    /// 已处理 N 行，共 M 行，每秒 R 行，约剩 S 秒。
    static func sentence(_ progress: ImportProgress) -> String {
        var text = "已处理 \(progress.rowsDone) 行"
        if let total = progress.rowsTotal { text += "，共 \(total) 行" }
        text += "，每秒 \(progress.rowsPerSecond) 行"
        if let left = progress.secondsLeft { text += "，约剩 \(left) 秒" }
        return text + "。"
    }

    var node: Node {
        Frame.page(layout) {
            if running { meta(Attribute("http-equiv", "refresh"), .content("2")) }
            nav(.class("breadcrumb")) { a(.href("/imports")) { "导入党员名册" }; " › "; span { job.fileName } }
            h1 { job.fileName }
            p { span(.class("tag")) { job.statusLabel } }
            Forms.errors(errors)
            if let running = job.progress {
                section(.class("card"), Attribute("aria-live", "polite")) {
                    h2 { "\(running.phase)中……" }
                    p { Self.sentence(running) }
                    if let total = running.rowsTotal { progress(.class("meter"), .max(total), .value(running.rowsDone)) }
                    p(.class("muted small")) { "可以离开本页，稍后从“导入党员名册”回来查看。" }
                }
            }
            if let message = job.message { p(.class("errors")) { message } }
            if job.status == .checked || job.status == .done {
                section(.class("figures small-figures")) {
                    Figures.figure(job.totalRows, "数据行")
                    Figures.figure(job.validRows, "可以导入")
                    Figures.figure(job.problemRows, "有问题", warn: true)
                    Figures.figure(job.existingRows, "已在册")
                }
            }
            if job.status == .done {
                p(.class("notice")) { "导入完成：新增 \(job.insertedRows) 人，更新 \(job.updatedRows) 人，跳过已在册 \(job.skippedRows) 人。" }
            }
            if !counts.isEmpty {
                section(.class("card")) {
                    h2 { "问题统计" }
                    p { for count in counts { span(.class("tag warn-tag")) { "\(count.label)：\(count.value)" } } }
                    if job.hasReport {
                        p {
                            a(.class("button"), .href("/imports/\(job.id)/report")) { "下载问题报告（Excel）" }
                            " "
                            span(.class("muted small")) { "每个问题行后写明了问题，修改后可直接重新上传" }
                        }
                    }
                    table(.class("list")) {
                        thead { tr { th(.class("num")) { "行" }; th { "列" }; th { "问题" } } }
                        tbody { for problem in job.problems { tr { td(.class("num")) { problem.row }; td { problem.column }; td { problem.message } } } }
                    }
                }
            }
            if job.status == .checked && job.validRows > 0 {
                section(.class("card narrow")) {
                    h2 { "导入" }
                    form(.method("post"), .action("/imports/\(job.id)/run"), Attribute("data-confirm", "确认导入？")) {
                        Forms.csrf(layout)
                        label(.class("check")) { input(.type("radio"), .name("mode"), .value("skip"), .checked()); " 已在册的人跳过" }
                        label(.class("check")) { input(.type("radio"), .name("mode"), .value("update")); " 已在册的人按文件更新" }
                        button(.class("primary")) { "导入 \(job.validRows) 行" }
                    }
                }
            }
        }
    }
}

/// 导出党员名册: how many rows the whole filtered list has, before anything is downloaded.
extension ImportPages.ExportPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "导出党员名册" }
                if count == 0 {
                    p { "按当前条件没有可导出的党员。" }
                    p { a(.class("button"), .href(listLink)) { "返回名册修改条件" } }
                } else {
                    p(.class("figure-line")) { "按当前查询条件，共 "; strong { count }; " 人，将全部导出（不只是当前一页）。" }
                    p(.class("muted small")) { "身份证号和手机号按遮蔽后的样子导出，出生日期只导出年月；导出人和行数记入审计日志。" }
                    p(.class("actions")) {
                        a(.class("button primary"), .href(xlsxLink), .flag("download", true)) { "下载 Excel（.xlsx，\(count) 行）" }
                        " "
                        a(.class("button"), .href(csvLink), .flag("download", true)) { "下载 CSV" }
                    }
                    if let unmaskedLink { p(.class("small")) { a(.href(unmaskedLink)) { "需要完整号码？写明事由后导出" } } }
                    p { a(.href(listLink)) { "返回名册" } }
                }
            }
        }
    }
}

/// 导出完整号码: a reason first; who, why and how many rows go into the audit log.
extension ImportPages.UnmaskedPage {
    var node: Node {
        Frame.page(layout) {
            section(.class("card narrow")) {
                h1 { "导出完整号码" }
                p { "导出的文件含完整的公民身份号码和联系电话，属于个人敏感信息。请写明事由；导出人、事由和行数将记入审计日志。" }
                Forms.errors(errors)
                form(.method("post"), .action("/members/export/unmasked?\(query)")) {
                    Forms.csrf(layout)
                    label { "事由"; input(.name("reason"), .required(), .minlength(4), .maxlength(100), .placeholder("例如：向上级报送党员统计")) }
                    label {
                        "格式"
                        select(.name("format")) { option(.value("xlsx")) { "Excel（.xlsx）" }; option(.value("csv")) { "CSV" } }
                    }
                    Forms.submit("导出", cancel: "/members?\(query)")
                }
            }
        }
    }
}
