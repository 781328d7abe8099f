/// The audit trail in Chinese: what each recorded action and object is called on the page. Codes stay in the chain
/// (they are what is hashed and what the API filters on); the page shows these words.
public enum AuditVocabulary {
    /// Action codes in the order the page's filter lists them, with their names.
    public static let actions: [(code: String, name: String)] = [
        ("auth.login", "登录"), ("auth.logout", "退出登录"), ("auth.lock", "账号被暂时锁定"), ("access.denied", "无权访问被拒绝"),
        ("account.create", "新建账号"), ("account.password", "修改密码"), ("account.otp-enable", "启用两步验证"),
        ("account.otp-reset", "重置两步验证"), ("grant.create", "授权"), ("grant.revoke", "撤销授权"), ("security.policy", "修改安全策略"),
        ("organization.create", "新建党组织"), ("organization.update", "修改党组织"), ("organization.move", "移动党组织"),
        ("organization.read", "查看党组织"), ("committee.term", "登记班子换届"), ("committee.office", "登记班子成员任职"),
        ("committee.office.end", "班子成员离任"), ("cobuilding.unit", "登记共建单位"), ("cobuilding.pairing", "登记城乡支部结对"),
        ("member.create", "登记党员"), ("member.update", "修改党员档案"), ("member.read", "查看党员档案"), ("member.reveal", "查看完整号码"),
        ("member.search", "按完整号码查找"), ("member.transfer", "调整所在党组织"), ("member.status", "变更党籍状态"),
        ("member.discipline", "登记留党察看"), ("member.import", "导入名册"), ("member.export", "导出名册"),
        ("development.apply", "登记入党申请"), ("development.step", "登记发展步骤"), ("development.review", "审查发展材料"),
        ("development.extension", "延长预备期"), ("development.stop", "终止发展"), ("development.leaving", "发展对象离开"),
        ("development.attachment", "上传发展材料"), ("development.read", "查看发展档案"), ("development.notice", "发布公示"),
        ("development.notice.withdraw", "撤回公示"), ("notice.read", "查看公示"), ("notice.withdraw", "撤回公示"),
        ("activity.plan", "安排组织生活"), ("activity.edit", "修改活动计划"), ("activity.open", "开始签到"), ("activity.checkin", "会议签到"),
        ("activity.attendance", "登记出席情况"), ("activity.held", "登记会议记录"), ("activity.minutes", "修改会议记录"), ("activity.review", "登记民主评议"),
        ("activity.followup", "登记整改事项"), ("activity.followup.close", "整改销号"), ("activity.attachment", "上传活动照片或视频"),
        ("activity.guidance", "发送指导意见"), ("activity.cancel", "取消活动"), ("activity.read", "查看活动"),
        ("activity.report", "下载活动总结报告"), ("activity.ledger", "下载三会一课台账"),
        ("dues.fix", "核定党费"), ("dues.collect", "按月收缴党费"), ("dues.pay", "登记交纳党费"), ("dues.void", "撤销交纳记录"),
        ("dues.voluntary", "登记自愿多交党费"), ("dues.reduction-apply", "申请减免党费"), ("dues.reduction-approve", "审批减免党费"), ("dues.reduction-branch", "支部同意减免党费"),
        ("dues.reduction", "减免党费"), ("dues.arrears-review", "处理欠交党费"), ("dues.remit", "上缴党费"), ("dues.report", "下载党费汇总"),
        ("dues.read", "查看党费账"), ("fund.budget", "编制党建经费预算"), ("fund.spend", "登记经费支出"), ("fund.override", "超预算支出"),
        ("fund.attachment", "上传经费凭证"), ("fund.report", "下载经费报表"), ("warmth.apply", "申请温暖工程"),
        ("warmth.decide", "审批温暖工程"), ("warmth.receive", "登记温暖工程发放"), ("file.read", "查看附件"),
        ("demo.load", "装入演示数据"), ("rehearsal.calendar", "调整演练日历"), ("system.backup", "数据备份"),
        ("resident.code", "发放群众注册登记码"), ("resident.register", "群众注册"), ("demand.submit", "提交诉求或建议"),
        ("demand.photo", "补充诉求照片"), ("demand.read", "查看诉求"), ("demand.accepted", "受理诉求"), ("demand.passedOn", "转交诉求"),
        ("demand.answered", "答复诉求"), ("demand.rated", "评价诉求答复"), ("demand.reopened", "诉求不满意，转上级重新办理"),
        ("demand.close", "诉求逾期未评价办结"), ("report.submit", "收到监督举报"), ("report.read", "查看监督举报"),
        ("report.progress", "登记举报核查情况"), ("report.conclude", "监督举报办结"), ("report.reveal", "查看举报人身份"),
        ("calendar.renew", "生成会议日历订阅地址"), ("publicity.draft", "起草三务公开"), ("publicity.edit", "修改三务公开草稿"),
        ("publicity.review", "审核三务公开"), ("publicity.publish", "发布三务公开"), ("publicity.correct", "更正三务公开"),
        ("publicity.read", "查看三务公开草稿"), ("publicity.ask", "对三务公开提问"), ("publicity.answer", "答复三务公开提问"),
        ("deliberation.propose", "四议两公开提议"), ("deliberation.step", "登记四议两公开环节"), ("deliberation.read", "查看村级议事"),
        ("message.settings", "修改消息设置"), ("publicity.attachment", "三务公开附件"), ("todo.digest", "发送待办提醒"),
        ("learning.course.create", "新建课程"), ("learning.course.edit", "修改课程"), ("learning.course.publish", "发布课程"),
        ("learning.lesson.create", "添加课时"), ("learning.lesson.media", "上传课时文件"), ("learning.question.create", "添加检测题"),
        ("learning.progress", "学习进度"), ("learning.check", "课后检测"), ("learning.assign", "安排必学"), ("learning.read", "查看课程"),
        ("learning.edit", "编辑课程"), ("learning.assignment.read", "查看必学完成情况"), ("learning.quiz.start", "开始答题"),
        ("learning.quiz.submit", "交卷"), ("learning.contest.create", "发布知识竞赛"), ("learning.contest.read", "查看知识竞赛"),
        ("learning.question.import", "导入题库"), ("learning.quiz.read", "查看答卷"), ("learning.group-study", "登记集中学习"),
        ("learning.course.poster", "上传课程封面"), ("learning.lesson.image", "课时配图"),
        ("volunteer.activity.create", "发布志愿服务"), ("volunteer.activity.cancel", "取消志愿服务"), ("volunteer.activity.read", "查看志愿服务"),
        ("volunteer.signup", "报名志愿服务"), ("volunteer.withdraw", "取消报名"), ("volunteer.confirm", "确认服务时长"),
        ("volunteer.complaint", "投诉成立撤销时长"), ("supermarket.item", "爱心超市物品"), ("supermarket.exchange", "爱心超市兑换"),
        ("service-card.issue", "生成服务卡"), ("service-card.reissue", "重新生成服务卡"),
        ("service.item", "一站式服务事项"), ("service.book", "预约服务"), ("service.cancel", "取消预约"), ("service.close", "办结预约"),
        ("service.appointment", "查看预约"), ("visit.log", "记录民情日记"), ("visit.demand", "民情日记转为诉求"),
        ("face.schedule", "干部群众面对面排班"), ("face.record", "登记面对面接待"), ("face.concern", "面对面收集诉求"),
    ]

    private static let actionNames: [String: String] = Dictionary(actions.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })

    /// `auth.login` → 登录; an unknown code is shown as it is.
    public static func action(_ code: String) -> String { actionNames[code] ?? code }

    private static let targetNames: [String: String] = [
        "account": "账号", "activity": "活动", "attachment": "附件", "backup": "备份", "clock": "演练日历", "development": "发展对象", "import": "导入任务",
        "member": "党员", "notice": "公示", "organization": "党组织", "route": "功能", "settings": "设置", "system": "系统",
        "dues_reduction": "党费减免", "fund_spending": "经费支出", "warmth_entry": "温暖工程", "demand": "诉求", "report": "监督举报", "publication": "三务公开", "deliberation": "村级议事",
        "course": "课程", "lesson": "课时", "question": "题目", "assignment": "必学安排", "quiz": "答题", "contest": "知识竞赛",
        "volunteer_activity": "志愿服务活动", "supermarket_item": "爱心超市物品", "service": "服务事项", "appointment": "服务预约", "visit": "民情日记", "face_session": "面对面场次",
    ]

    /// `member` → 党员; an unknown type is shown as it is.
    public static func target(_ type: String) -> String { targetNames[type] ?? type }
}
