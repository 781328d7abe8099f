/// The demo county's study library, written for this platform: courses a county organization department would put
/// up, with text lessons, short generated audio lessons and check questions. Facts are the public ones every member
/// studies (the Party's history, its Constitution, branch work), stated plainly.
public enum DemoLibrary {
    public struct Question: Sendable {
        public let kind: QuestionKind
        public let stem: String
        public let options: [String]
        public let answer: String
        public let explanation: String
    }

    public struct Lesson: Sendable {
        public let title: String
        public let kind: LessonKind
        public let body: String
        /// Reading minutes of a text lesson; seconds of generated audio for an audio lesson.
        public let minutes: Int
        public let audioSeconds: Int
        public let questions: [Question]
    }

    public struct Course: Sendable {
        public let title: String
        public let topic: String
        public let audience: StudyAudience
        public let summary: String
        public let lessons: [Lesson]
    }

    static func text(_ title: String, minutes: Int, _ body: String, _ questions: [Question] = []) -> Lesson {
        Lesson(title: title, kind: .text, body: body, minutes: minutes, audioSeconds: 0, questions: questions)
    }

    static func audio(_ title: String, seconds: Int, _ body: String) -> Lesson {
        Lesson(title: title, kind: .audio, body: body, minutes: 0, audioSeconds: seconds, questions: [])
    }

    static func single(_ stem: String, _ options: [String], _ answer: String, _ explanation: String) -> Question {
        Question(kind: .single, stem: stem, options: options, answer: answer, explanation: explanation)
    }

    static func truth(_ stem: String, _ answer: Bool, _ explanation: String) -> Question {
        Question(kind: .trueFalse, stem: stem, options: [], answer: answer ? "对" : "错", explanation: explanation)
    }

    static func blank(_ stem: String, _ answer: String, _ explanation: String) -> Question {
        Question(kind: .fillIn, stem: stem, options: [], answer: answer, explanation: explanation)
    }

    public static let courses: [Course] = [
        Course(title: "百年党史中的关键时刻", topic: "党史", audience: .all,
               summary: "从建党到改革开放，几个决定中国命运的时刻：发生了什么，为什么重要。", lessons: [
            text("开天辟地：中国共产党的诞生", minutes: 15, """
                ## 一大召开

                1921年7月，中国共产党第一次全国代表大会在上海召开。会议后期因受到干扰，转移到浙江嘉兴南湖的一条游船上继续举行。

                大会确定党的名称为“中国共产党”，通过了党的第一个纲领，选举产生了党的中央领导机构。中国共产党的诞生，是中国历史上开天辟地的大事变。

                ## 红船精神

                南湖红船见证了党的诞生。开天辟地、敢为人先的首创精神，坚定理想、百折不挠的奋斗精神，立党为公、忠诚为民的奉献精神，是今天每一名党员仍要传承的精神财富。
                """, [
                    single("中国共产党第一次全国代表大会召开的年份是？", ["1919年", "1921年", "1927年", "1949年"], "B", "1921年7月，中共一大在上海召开。"),
                    truth("中共一大后期转移到浙江嘉兴南湖的游船上继续举行。", true, "会议受到干扰后转移到嘉兴南湖。"),
                ]),
            text("伟大转折：遵义会议", minutes: 12, """
                1935年1月，中共中央政治局在贵州遵义召开扩大会议，集中解决了当时具有决定意义的军事和组织问题。

                遵义会议在极其危急的情况下挽救了党、挽救了红军、挽救了中国革命，是党的历史上一个生死攸关的转折点。

                遵义会议告诉我们：坚持实事求是，独立自主地解决中国革命的问题，是党从挫折中奋起的关键。
                """, [
                    single("遵义会议召开于？", ["1934年10月", "1935年1月", "1936年10月", "1937年7月"], "B", "遵义会议于1935年1月召开。"),
                ]),
            audio("党史音频：新中国成立", seconds: 90, "1949年10月1日，中华人民共和国中央人民政府成立。本段为演示用的音频课时，用于试用播放、拖动进度和完成记录。"),
            text("改革开放的历史性决策", minutes: 12, """
                1978年12月，党的十一届三中全会召开，作出把党和国家工作中心转移到经济建设上来、实行改革开放的历史性决策。

                从农村家庭联产承包责任制到兴办经济特区，改革开放极大解放和发展了社会生产力。改革开放是决定当代中国命运的关键一招。
                """, [
                    blank("党的十一届三中全会于____年12月召开。", "1978/一九七八", "十一届三中全会于1978年12月召开。"),
                    truth("十一届三中全会作出了实行改革开放的历史性决策。", true, "全会把工作中心转移到经济建设上来，实行改革开放。"),
                ]),
        ]),
        Course(title: "学党章 守规矩", topic: "党章党规", audience: .all,
               summary: "党员的义务和权利、党的组织生活制度：党章中每名党员都要熟悉的条文。", lessons: [
            text("党员的八项义务", minutes: 20, """
                党章第三条规定了党员必须履行的八项义务，包括：认真学习马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想；贯彻执行党的基本路线和各项方针、政策；坚持党和人民的利益高于一切；自觉遵守党的纪律；维护党的团结和统一；切实开展批评和自我批评；密切联系群众；发扬社会主义新风尚。

                ## 义务在日常

                按时交纳党费、参加组织生活、完成党组织分配的任务，都是履行义务的具体体现。
                """, [
                    single("党员必须履行的义务规定在党章的哪一条？", ["第一条", "第二条", "第三条", "第四条"], "C", "党章第三条规定党员的义务，第四条规定党员的权利。"),
                    truth("按时交纳党费是党员的义务之一。", true, "党员应当按时交纳党费，这是党员对党组织应尽的义务。"),
                ]),
            text("党员的八项权利", minutes: 15, """
                党章第四条规定党员享有八项权利，包括：参加党的有关会议，阅读党的有关文件，接受党的教育和培训；在党的会议上和党报党刊上参加关于党的政策问题的讨论；对党的工作提出建议和倡议；在党的会议上有根据地批评党的任何组织和任何党员；行使表决权、选举权，有被选举权；参加对自己的处分或鉴定的讨论；对党的决议和政策有不同意见可以声明保留；向党的上级组织直至中央提出请求、申诉和控告。

                党的任何一级组织直至中央都无权剥夺党员的上述权利。
                """, [
                    truth("预备党员也享有表决权、选举权和被选举权。", false, "预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样。"),
                ]),
            text("党的组织生活制度", minutes: 15, """
                ## 三会一课

                “三会一课”是指定期召开支部党员大会、支部委员会会议和党小组会，按时上好党课。党支部党员大会一般每季度召开1次，支部委员会会议一般每月召开1次，党小组会一般每月召开1次，党课一般每季度至少1次。

                ## 主题党日

                党支部每月相对固定1天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务等。
                """, [
                    single("党支部委员会会议一般多久召开一次？", ["每周", "每月", "每季度", "每年"], "B", "支部委员会会议一般每月召开1次。"),
                    single("党课一般每季度至少上几次？", ["1次", "2次", "3次", "不作要求"], "A", "党课一般每季度至少1次。"),
                ]),
            audio("党章学习音频：入党誓词的含义", seconds: 60, "入党誓词是党员对党的庄严承诺。本段为演示用的音频课时。"),
        ]),
        Course(title: "党支部工作实务", topic: "党务业务", audience: .leaders,
               summary: "写给支部书记和委员：发展党员的程序、党费收缴、组织生活的记录。", lessons: [
            text("发展党员的五个阶段", minutes: 20, """
                发展党员工作分为五个阶段：入党申请人的培养教育；入党积极分子的确定和培养教育；发展对象的确定和考察；预备党员的接收；预备党员的教育考察和转正。

                预备党员的预备期为一年。预备期满，党支部应当及时讨论其能否转为正式党员。每一个阶段都要按程序办、按规矩记，材料齐全，经得起检查。
                """, [
                    single("预备党员的预备期为？", ["半年", "一年", "两年", "三年"], "B", "预备党员的预备期为一年。"),
                    blank("发展党员工作分为____个阶段。", "5/五", "从入党申请人到预备党员转正，共五个阶段。"),
                ]),
            text("党费的收缴和使用", minutes: 15, """
                在职党员以每月工资收入中的固定部分为计算基数：3000元以下（含3000元）者交纳0.5%；3000元以上至5000元（含5000元）者交纳1%；5000元以上至10000元（含10000元）者交纳1.5%；10000元以上者交纳2%。

                农民党员每月交纳党费0.2元至1元。党费要按月交纳，党支部要及时登记、按时上缴，收缴情况定期向党员公布。
                """, [
                    single("月工资收入4000元的在职党员，按多少比例交纳党费？", ["0.5%", "1%", "1.5%", "2%"], "B", "3000元以上至5000元（含）者交纳1%。"),
                    truth("农民党员每月交纳党费0.2元至1元。", true, "农民党员每月交纳0.2元至1元。"),
                ]),
            text("会议记录怎么记", minutes: 10, """
                组织生活的记录要写明时间、地点、主持人、记录人、应到和实到人数、缺席人员及原因、议题、讨论情况和决定事项。

                在本平台开会签到后，出席情况自动生成，只需补记讨论内容和决定事项，一次录入，台账和学时统计都能用上。
                """, [
                    truth("会议记录应当写明缺席人员及原因。", true, "应到、实到和缺席原因都要记。"),
                ]),
        ]),
        Course(title: "乡村振兴战略读本", topic: "乡村振兴", audience: .all,
               summary: "乡村振兴的总要求，村集体经济怎么发展，党员在其中做什么。", lessons: [
            text("总要求二十个字", minutes: 10, """
                乡村振兴战略的总要求是：产业兴旺、生态宜居、乡风文明、治理有效、生活富裕。

                产业兴旺是重点，生态宜居是关键，乡风文明是保障，治理有效是基础，生活富裕是根本。
                """, [
                    single("乡村振兴总要求中，“重点”是指？", ["生态宜居", "产业兴旺", "乡风文明", "生活富裕"], "B", "产业兴旺是重点。"),
                    blank("乡村振兴总要求：产业兴旺、生态宜居、____、治理有效、生活富裕。", "乡风文明", "五句话二十个字。"),
                ]),
            text("发展壮大村级集体经济", minutes: 15, """
                村级集体经济是村党组织为群众办事的底气。常见的路子有：盘活闲置的集体资产，发展特色种养和农产品加工，开展农业社会化服务，与周边企业和城市支部结对共建。

                集体经济的收入和支出要按月向村民公开，重大事项按“四议两公开”的程序决策。
                """, [
                    truth("村级重大事项应当按“四议两公开”的程序决策。", true, "村党组织提议、两委商议、党员大会审议、村民会议或代表会议决议，决议和实施结果公开。"),
                ]),
            audio("微党课：一名村支书的一天", seconds: 120, "一段微党课音频（演示用）。"),
        ]),
        Course(title: "村级财务与三务公开", topic: "财务", audience: .leaders,
               summary: "村务、党务、财务公开的频次和内容，党建经费怎么用、怎么记。", lessons: [
            text("三务公开做什么", minutes: 12, """
                村务公开依据《中华人民共和国村民委员会组织法》第三十条：一般事项至少每季度公布一次；集体财务往来较多的，财务收支情况应当每月公布一次；涉及村民利益的重大事项应当随时公布。

                公开的内容要真实，村民对公开内容有疑问的，村委会应当负责解释答复。
                """, [
                    single("一般村务事项至少多久公开一次？", ["每月", "每季度", "每半年", "每年"], "B", "村民委员会组织法第三十条：一般事项至少每季度公布一次。"),
                    truth("财务收支公开的数字应当前后相符：上期结余加本期收入减本期支出等于本期结余。", true, "本平台起草财务公开时会自动核对。"),
                ]),
            text("党建经费的使用", minutes: 10, """
                党建工作经费主要用于党员教育培训、组织生活、阵地建设和走访慰问困难党员等。每一笔支出都要有凭证，超出预算的要说明理由并经批准。

                本平台按预算登记支出，附上凭证照片，汇总表自动生成。
                """, [
                    truth("党建经费支出可以没有凭证。", false, "每一笔支出都要有凭证。"),
                ]),
        ]),
    ]

    /// A village's own material (东岗村), for its members only.
    public static let villageStory = Course(title: "东岗村的红色记忆", topic: "红色故事", audience: .all, summary: "老党员讲述的村史，本村党员学习。", lessons: [
        text("老槐树下的第一个党小组", minutes: 10, """
            1948年冬，东岗村的第一个党小组在村口老槐树下成立。三名党员带着乡亲们修水渠、办夜校，第二年春天，全村第一次用上了渠水浇地。

            后来，老槐树下成了村里开会议事的地方。今天的党员活动室，就建在老槐树旁。
            """, [truth("东岗村的第一个党小组成立后带领乡亲们修了水渠。", true, "修水渠、办夜校。")]),
    ])
}
