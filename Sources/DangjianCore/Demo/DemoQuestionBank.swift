/// The demo county's question bank, made from facts every member studies: the years and places of the Party's national
/// congresses, the dues rates of the 2008 rules worked through for real salaries, the rhythm of branch life, the twenty
/// characters of rural revitalization and the steps of 四议两公开. Each question is generated from its fact, so the
/// key is right by construction.
public enum DemoQuestionBank {
    public struct Entry: Sendable {
        public let topic: String
        public let difficulty: Difficulty
        public let question: DemoLibrary.Question
    }

    static let ordinals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"]
    /// (year, city) of each national congress, first to twentieth.
    static let congresses: [(year: Int, city: String)] = [
        (1921, "上海"), (1922, "上海"), (1923, "广州"), (1925, "上海"), (1927, "武汉"), (1928, "莫斯科"), (1945, "延安"),
        (1956, "北京"), (1969, "北京"), (1973, "北京"), (1977, "北京"), (1982, "北京"), (1987, "北京"), (1992, "北京"),
        (1997, "北京"), (2002, "北京"), (2007, "北京"), (2012, "北京"), (2017, "北京"), (2022, "北京"),
    ]

    static let letters = ["A", "B", "C", "D"]

    /// Four choices around `right` (the nearest other values of `pool`), in order, with the letter of the right one.
    static func choices(_ right: String, among pool: [String], seed: Int) -> ([String], String) {
        var others = pool.filter { $0 != right }
        var picked: [String] = []
        var index = seed
        while picked.count < 3 && !others.isEmpty {
            index = (index * 7 + 3) % others.count
            picked.append(others.remove(at: index))
        }
        let options = (picked + [right]).sorted()
        let letter = options.firstIndex(of: right).map { letters[$0] } ?? "A"
        return (options, letter)
    }

    public static var entries: [Entry] {
        var entries: [Entry] = []
        func add(_ topic: String, _ difficulty: Difficulty, _ question: DemoLibrary.Question) {
            entries.append(Entry(topic: topic, difficulty: difficulty, question: question))
        }
        let years = congresses.map { String($0.year) + "年" }
        for (index, congress) in congresses.enumerated() {
            let name = "党的第\(ordinals[index])次全国代表大会"
            let (options, letter) = choices("\(congress.year)年", among: years, seed: index)
            add("党史", index < 7 ? .medium : .easy,
                DemoLibrary.single("\(name)于哪一年召开？", options, letter, "\(name)于\(congress.year)年召开。"))
            add("党史", index < 7 ? .hard : .medium,
                DemoLibrary.blank("\(name)于____年召开。", "\(congress.year)/\(congress.year)年", "\(name)于\(congress.year)年在\(congress.city)召开。"))
            let wrongCity = congress.city == "北京" ? "上海" : "北京"
            let truthful = index % 2 == 0
            add("党史", index < 7 ? .medium : .easy,
                DemoLibrary.truth("\(name)在\(truthful ? congress.city : wrongCity)召开。", truthful, "\(name)在\(congress.city)召开。"))
        }

        // 党费: the 2008 rules' rates for a monthly income, and the amount for the month.
        let rates: [(upTo: Int, rate: String, permille: Int)] = [(3000, "0.5%", 5), (5000, "1%", 10), (10000, "1.5%", 15), (Int.max, "2%", 20)]
        for (index, salary) in [1800, 2400, 2800, 3000, 3200, 3600, 4000, 4500, 5000, 5200, 5800, 6500, 7200, 8000, 8800, 9500, 10000, 10800,
                                12000, 15000, 18000, 2000, 4200, 6000, 9000].enumerated() {
            guard let band = rates.first(where: { salary <= $0.upTo }) else { continue }
            let (options, letter) = choices(band.rate, among: rates.map(\.rate), seed: index)
            add("党务业务", .easy, DemoLibrary.single("月工资收入（党费计算基数）\(salary)元的在职党员，每月按多少比例交纳党费？", options, letter,
                                                  "\(salary)元在“\(band.upTo == Int.max ? "10000元以上" : "\(band.upTo)元（含）以下")”一档，交纳\(band.rate)。"))
            let fen = salary * band.permille / 10
            let amount = fen % 100 == 0 ? "\(fen / 100)" : String(format: "%d.%02d", fen / 100, fen % 100)
            add("党务业务", .medium, DemoLibrary.blank("月工资收入（党费计算基数）\(salary)元的在职党员，每月应交纳党费____元。", "\(amount)/\(amount)元",
                                                   "\(salary) × \(band.rate) = \(amount) 元。"))
        }

        // 组织生活: how often each meeting is held (《中国共产党支部工作条例（试行）》).
        let rhythm: [(meeting: String, often: String)] = [("支部党员大会", "每季度"), ("支部委员会会议", "每月"), ("党小组会", "每月"),
                                                         ("党课", "每季度"), ("主题党日", "每月"), ("组织生活会", "每年"), ("民主评议党员", "每年")]
        let oftens = ["每周", "每月", "每季度", "每年"]
        for (index, item) in rhythm.enumerated() {
            let (options, letter) = choices(item.often, among: oftens, seed: index)
            add("党章党规", .easy, DemoLibrary.single("\(item.meeting)一般多久开展一次？", options, letter, "\(item.meeting)一般\(item.often)开展一次（党课每季度至少1次）。"))
        }
        let statements: [(String, Bool, String)] = [
            ("预备党员的预备期为一年。", true, "党章规定预备期为一年。"),
            ("年满十六岁即可申请加入中国共产党。", false, "年满十八岁方可申请入党。"),
            ("正式党员3人以上的单位，应当成立党支部。", true, "有正式党员3人以上的，应当成立党支部。"),
            ("党员人数超过50人的党支部，经上级党组织批准可以设立党总支。", true, "党员50人以上、确因工作需要的，经批准可以成立党总支。"),
            ("党员人数100人以上的，经上级党组织批准可以设立基层党委。", true, "党员100人以上的，可以设立党的基层委员会。"),
            ("预备党员享有表决权、选举权和被选举权。", false, "预备党员没有表决权、选举权和被选举权。"),
            ("党员可以在党的会议上有根据地批评党的任何组织和任何党员。", true, "这是党章规定的党员权利。"),
            ("党员没有正当理由，连续六个月不交纳党费的，就被认为是自行脱党。", true, "党章关于自行脱党的规定。"),
            ("党费只能以现金交纳。", false, "党员可以按规定通过多种方式交纳，本平台记录每一笔。"),
            ("发展党员应当经过支部党员大会讨论。", true, "接收预备党员须经支部党员大会讨论通过。"),
        ]
        for (index, statement) in statements.enumerated() {
            add("党章党规", index % 3 == 0 ? .medium : .easy, DemoLibrary.truth(statement.0, statement.1, statement.2))
        }

        // 乡村振兴: the twenty characters, one at a time.
        let twenty = ["产业兴旺", "生态宜居", "乡风文明", "治理有效", "生活富裕"]
        let roles = ["重点", "关键", "保障", "基础", "根本"]
        for (index, phrase) in twenty.enumerated() {
            let (options, letter) = choices(phrase, among: twenty, seed: index)
            add("乡村振兴", .medium, DemoLibrary.single("乡村振兴总要求中，“\(roles[index])”是指？", options, letter, "\(phrase)是\(roles[index])。"))
            add("乡村振兴", .easy, DemoLibrary.truth("“\(phrase)”是乡村振兴总要求的内容之一。", true, "总要求：产业兴旺、生态宜居、乡风文明、治理有效、生活富裕。"))
        }
        // 四议两公开: the steps in order.
        let steps = ["村党组织提议", "村“两委”会议商议", "党员大会审议", "村民会议或者村民代表会议决议", "决议公开", "实施结果公开"]
        for (index, step) in steps.enumerated() {
            let (options, letter) = choices(step, among: steps, seed: index)
            add("乡村振兴", index < 4 ? .medium : .hard,
                DemoLibrary.single("“四议两公开”的第\(ordinals[index])步是？", options, letter, "顺序：" + steps.joined(separator: "→") + "。"))
        }
        // 村务公开 and 财务.
        add("财务", .easy, DemoLibrary.truth("集体财务往来较多的村，财务收支情况应当每月公布一次。", true, "村民委员会组织法第三十条。"))
        add("财务", .easy, DemoLibrary.truth("涉及村民利益的重大事项应当随时公布。", true, "村民委员会组织法第三十条。"))
        add("财务", .medium, DemoLibrary.truth("村务公开的一般事项至少每半年公布一次。", false, "一般事项至少每季度公布一次。"))
        for (index, pair) in [(2000, 1500, 300), (5200, 800, 1200), (1380, 2600, 900), (9000, 0, 4500), (300, 1200, 1450)].enumerated() {
            let closing = pair.0 + pair.1 - pair.2
            add("财务", index < 2 ? .easy : .medium, DemoLibrary.blank(
                "上期结余\(pair.0)元，本期收入\(pair.1)元，本期支出\(pair.2)元，本期结余____元。", "\(closing)/\(closing)元", "\(pair.0) + \(pair.1) − \(pair.2) = \(closing)。"))
        }

        // 发展党员: which of the five stages each of the 25 steps belongs to, and their order
        // (《中国共产党发展党员工作细则》, as the platform's own development record keeps them).
        let stages = DevelopmentStage.allCases.map(\.chinese)
        for (index, step) in DevelopmentStep.allCases.enumerated() {
            let (options, letter) = choices(step.stage.chinese, among: stages, seed: index)
            add("党务业务", step.stage == .application || step.stage == .probation ? .easy : .medium,
                DemoLibrary.single("发展党员工作中，“\(step.chinese)”属于哪个阶段？", options, letter,
                                   "“\(step.chinese)”是第\(step.rawValue)步，属于“\(step.stage.chinese)”阶段。"))
            if let next = step.next, index % 2 == 0 {
                let forward = index % 4 == 0
                let (first, second) = forward ? (step, next) : (next, step)
                add("党务业务", .hard, DemoLibrary.truth("发展党员工作中，“\(first.chinese)”在“\(second.chinese)”之前。", forward,
                                                       "顺序是先“\(step.chinese)”，后“\(next.chinese)”。"))
            }
            if let notice = step.publicNoticeTitle {
                add("党务业务", .medium, DemoLibrary.truth("“\(step.chinese)”之后要进行“\(notice)”。", true, "发展党员工作的四次公示之一：\(notice)。"))
            }
        }

        // Where each national congress met.
        let cities = Array(Set(congresses.map(\.city))).sorted() + ["南京", "重庆"]
        for (index, congress) in congresses.enumerated() {
            let name = "党的第\(ordinals[index])次全国代表大会"
            let (options, letter) = choices(congress.city, among: cities, seed: index + 3)
            add("党史", index < 7 ? .hard : .easy, DemoLibrary.single("\(name)在哪里召开？", options, letter, "\(name)于\(congress.year)年在\(congress.city)召开。"))
        }

        // 党费 by rate: is this the rate for this income?
        for (index, salary) in [2600, 3100, 4800, 5100, 7700, 9900, 10100, 13000, 2900, 6600, 8400, 11500].enumerated() {
            guard let band = rates.first(where: { salary <= $0.upTo }) else { continue }
            let shown = index % 2 == 0 ? band.rate : rates[(rates.firstIndex { $0.rate == band.rate }.map { $0 + 1 } ?? 0) % rates.count].rate
            add("党务业务", .easy, DemoLibrary.truth("月工资收入（党费计算基数）\(salary)元的在职党员，每月按\(shown)交纳党费。", shown == band.rate,
                                                 "\(salary)元应按\(band.rate)交纳。"))
        }

        // Lists every member learns whole: each item belongs, an item from another list does not.
        let lists: [(topic: String, name: String, items: [String], stranger: String)] = [
            ("理论政策", "新发展理念", ["创新", "协调", "绿色", "开放", "共享"], "速度"),
            ("乡村振兴", "乡村“五个振兴”", ["产业振兴", "人才振兴", "文化振兴", "生态振兴", "组织振兴"], "金融振兴"),
            ("理论政策", "“四个自信”", ["道路自信", "理论自信", "制度自信", "文化自信"], "经济自信"),
            ("党章党规", "党纪处分的五个种类", ["警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"], "罚款"),
            ("党章党规", "党的六项纪律", ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"], "考勤纪律"),
            ("理论政策", "“三会一课”", ["支部党员大会", "支部委员会会议", "党小组会", "党课"], "民主生活会"),
        ]
        for (listIndex, list) in lists.enumerated() {
            for (index, item) in list.items.enumerated() {
                add(list.topic, .easy, DemoLibrary.truth("“\(item)”是\(list.name)之一。", true, "\(list.name)：" + list.items.joined(separator: "、") + "。"))
                if index == listIndex % list.items.count {
                    let (options, letter) = choices(list.stranger, among: Array(list.items.prefix(3)) + [list.stranger], seed: listIndex)
                    add(list.topic, .medium, DemoLibrary.single("下列哪一项不属于\(list.name)？", options, letter,
                                                                "\(list.name)：" + list.items.joined(separator: "、") + "。"))
                }
            }
            add(list.topic, .medium, DemoLibrary.truth("“\(list.stranger)”是\(list.name)之一。", false, "\(list.name)：" + list.items.joined(separator: "、") + "。"))
            add(list.topic, .hard, DemoLibrary.blank("\(list.name)共有____项。", "\(list.items.count)/\(ordinals[list.items.count - 1])",
                                                     "\(list.name)：" + list.items.joined(separator: "、") + "，共\(list.items.count)项。"))
        }
        return entries
    }
}
