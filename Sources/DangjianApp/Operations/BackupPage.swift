import DangjianCore
import DangjianHTML
import Foundation

/// 数据备份: the latest backup first (when, how big, whether it worked), how backups are set up, the recent ones, and
/// a button for one now.
extension BackupPages.IndexPage {
    var node: Node {
        Frame.page(layout) {
            h1 { "数据备份" }
            Forms.errors(errors)
            section(.class("figures")) {
                if let last = overview.runs.first {
                    Figures.figure(last.succeeded ? "成功" : "失败", "最近一次备份 · \(BackupText.time(last.startedAt))", warn: !last.succeeded)
                } else {
                    Figures.figure("无", "尚未做过备份", warn: true)
                }
                if let success = overview.lastSuccess {
                    Figures.figure(BackupText.size(success.bytes), "最近一次成功 · \(BackupText.time(success.startedAt))")
                    Figures.figure(success.members, "其中党员")
                }
            }
            section(.class("card")) {
                h2 { "备份设置" }
                if let schedule = overview.schedule {
                    p {
                        if let every = schedule.everySeconds { "定时备份：每 \(BackupText.period(every))一次，" } else { "未设置定时备份，" }
                        "保留最近 \(schedule.keep) 份，备份目录 "
                        span(.class("mono")) { schedule.directory }
                        schedule.sealed ? "；备份已用备份口令加密。" : "；备份未加密，请把备份目录放在只有管理员能读的位置。"
                    }
                    form(.method("post"), .action("/backups")) {
                        Forms.csrf(layout)
                        button(.class("primary")) { "立即备份" }
                    }
                } else {
                    p {
                        "没有设置备份目录。启动服务时加上 "
                        span(.class("mono")) { "--backup-dir 目录 --backup-every 24h --backup-keep 7" }
                        " 即每天自动备份并保留 7 份；也可随时在服务器上运行 "
                        span(.class("mono")) { "dangjian backup --to 目录" }
                        "。"
                    }
                }
                p(.class("muted small")) {
                    "备份包括数据库、上传的文件和规则配置，不含数据密钥（keys/data.key）：数据密钥须另行离线保管，恢复时先放回。恢复用 "
                    span(.class("mono")) { "dangjian restore --from 备份目录" }
                    "，会先逐个核对校验和，恢复后核对每张表的行数和审计日志。"
                }
            }
            if !overview.runs.isEmpty {
                h2 { "最近的备份" }
                table(.class("list")) {
                    thead { tr { for heading in ["时间", "方式", "结果", "大小", "党员", "用时", "位置或原因"] { th { heading } } } }
                    tbody {
                        for run in overview.runs {
                            tr {
                                td(Attribute("data-label", "时间"), .class("nowrap")) { BackupText.time(run.startedAt) }
                                td(Attribute("data-label", "方式")) { run.triggerLabel }
                                td(Attribute("data-label", "结果"), .class(run.succeeded ? "" : "warn")) {
                                    run.succeeded ? (run.sealed ? "成功（已加密）" : "成功") : "失败"
                                }
                                td(.class("num"), Attribute("data-label", "大小")) { run.succeeded ? BackupText.size(run.bytes) : "—" }
                                td(.class("num"), Attribute("data-label", "党员")) { run.succeeded ? String(run.members) : "—" }
                                td(.class("num"), Attribute("data-label", "用时")) { String(format: "%.1f 秒", run.seconds) }
                                td(Attribute("data-label", run.succeeded ? "位置" : "原因"), .class(run.succeeded ? "mono small" : "small")) {
                                    run.succeeded ? run.location : (run.problem ?? "")
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

enum BackupText {
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .chinaStandard
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    static func size(_ bytes: Int) -> String {
        switch bytes {
        case ..<1024: "\(bytes) 字节"
        case ..<(1 << 20): String(format: "%.1f KB", Double(bytes) / 1024)
        case ..<(1 << 30): String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
        default: String(format: "%.2f GB", Double(bytes) / Double(1 << 30))
        }
    }

    static func period(_ seconds: Int) -> String {
        if seconds % 86400 == 0 { return "\(seconds / 86400) 天" }
        if seconds % 3600 == 0 { return "\(seconds / 3600) 小时" }
        return "\(seconds / 60) 分钟"
    }
}
