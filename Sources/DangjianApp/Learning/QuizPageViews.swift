import DangjianCore
import DangjianHTML

extension QuizPages.HubPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning")) { "学习" } }
            div(.class("heading")) {
                h1 { "答题" }
                if keeper { div(.class("actions")) { a(.class("button"), .href("/learning/contests/new")) { "发布知识竞赛" } } }
            }
            Forms.errors(errors)
            p(.class("muted small")) { "只看掌握情况：答对多少、通过几关，不记答题用时、不排名次。" }
            if !hub.weak.isEmpty {
                section(.class("card")) {
                    h2 { "薄弱专题" }
                    for weak in hub.weak {
                        p { "你在「\(weak.topic)」上答错较多（最近 \(weak.answered) 题错 \(weak.wrong) 题）" + (weak.lessons.isEmpty ? "。" : "，推荐：") }
                        if !weak.lessons.isEmpty {
                            ul {
                                for lesson in weak.lessons { li { a(.href("/learning/lessons/\(lesson.lessonID)")) { lesson.title }; span(.class("muted small")) { "（\(lesson.courseTitle)）" } } }
                            }
                        }
                    }
                }
            }
            section(.class("card")) {
                h2 { "知识竞赛" }
                if hub.contests.isEmpty { p(.class("muted")) { "目前没有面向您的竞赛。" } }
                for contest in hub.contests {
                    p {
                        a(.href("/learning/contests/\(contest.id)")) { contest.title }
                        " "
                        span(.class(contest.phase == .open ? "ok-tag" : "muted-tag")) { contest.phaseLabel }
                        span(.class("muted small")) {
                            " \(contest.organizationName) · \(contest.opens) 至 \(contest.closes)"
                                + (contest.submitted ? " · 已交卷" : "") + (contest.percent.map { " · 得分 \($0)" } ?? "")
                        }
                    }
                }
            }
            section(.class("card")) {
                h2 { "专题练习和答题闯关" }
                if hub.topics.isEmpty { p(.class("muted")) { "题库中还没有面向您的题目。" } }
                for topic in hub.topics {
                    article(.class("topic-levels")) {
                        h3 { topic.topic; span(.class("muted small")) { "（\(topic.questions) 题）" } }
                        form(.method("post"), .action("/learning/quiz/practice"), .class("inline")) {
                            Forms.csrf(layout)
                            input(.type("hidden"), .name("topicID"), .value(String(topic.topicID)))
                            button { "练习 \(min(10, topic.questions)) 题" }
                        }
                        if topic.questions < ChallengePaper.questionsPerLevel {
                            p(.class("muted small")) { "题目不足 \(ChallengePaper.questionsPerLevel) 道，暂不能闯关。" }
                        } else {
                        div(.class("levels")) {
                            for level in 1...topic.levels {
                                form(.method("post"), .action("/learning/quiz/challenge"), .class("inline")) {
                                    Forms.csrf(layout)
                                    input(.type("hidden"), .name("topicID"), .value(String(topic.topicID)))
                                    input(.type("hidden"), .name("level"), .value(String(level)))
                                    button(.class(topic.passed.contains(level) ? "level passed" : level == topic.highestOpen ? "level primary" : "level"),
                                           .disabled(level > topic.highestOpen),
                                           .ariaLabel("第 \(level) 关" + (topic.passed.contains(level) ? "，已通过" : level > topic.highestOpen ? "，未解锁" : ""))) {
                                        topic.passed.contains(level) ? "✓\(level)" : "第\(level)关"
                                    }
                                }
                            }
                        }
                        }
                    }
                }
            }
        }
    }
}

extension QuizPages.AttemptPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning/quiz")) { "答题" } }
            div(.class("heading")) { h1 { attempt.title } }
            Forms.errors(errors)
            if attempt.submitted {
                section(.class("card"), Attribute("data-clear-answers", String(attempt.id))) {
                    if attempt.resultsHidden {
                        p { "已交卷。竞赛结束后公布答案和得分。" }
                    } else if let correct = attempt.correct {
                        p(.class("big-number")) { "\(correct) / \(attempt.total)" }
                        if let passed = attempt.passed {
                            p(.class(passed ? "ok-tag" : "warn-tag")) { passed ? "闯关成功！下一关已解锁。" : "未通过（需答对 \(ChallengePaper.levels.passPercent)%），可以再闯一次。" }
                        }
                    }
                    p { a(.class("button"), .href("/learning/quiz")) { "返回答题" } }
                }
                LibraryParts.questionFields(fields, typed: LibraryParts.typed(attempt.items.map { ($0.id, $0.kind, $0.given) }), locked: true)
            } else {
                if let deadline = attempt.deadline, let text = attempt.deadlineText {
                    p(.class("warning-text"), Attribute("data-deadline", String(Int(deadline)))) { "请在 \(text) 前交卷（服务器计时）。" }
                }
                p(.class("muted small")) { "答案先保存在本机，断网后刷新也不会丢，交卷时一并提交。" }
                form(.method("post"), .action("/learning/quiz/attempts/\(attempt.id)"), Attribute("data-keep-answers", String(attempt.id))) {
                    Forms.csrf(layout)
                    LibraryParts.questionFields(fields, typed: typed)
                    button(.class("primary")) { "交卷" }
                }
            }
        }
    }

    private var fields: [LibraryParts.AnswerField] {
        attempt.items.map { LibraryParts.AnswerField(id: $0.id, kind: $0.kind, kindLabel: $0.kindLabel, stem: $0.stem, options: $0.options,
                                                     correct: $0.correct, answer: $0.answer, explanation: $0.explanation) }
    }
}

extension QuizPages.NewContestPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning/quiz")) { "答题" } }
            div(.class("heading")) { h1 { "发布知识竞赛" } }
            Forms.errors(errors)
            form(.method("post"), .action("/learning/contests"), .class("grid-form")) {
                Forms.csrf(layout)
                Forms.choice("面向（本组织及下级）", name: "organizationID", organizations)
                label(.class("full")) { "竞赛名称"; input(.type("text"), .name("title"), .value(typed.title), .maxlength("60"), .required()) }
                label { "开始时间"; input(.type("text"), .name("opens"), .value(typed.opens), .placeholder("2026-12-01 08:00")) }
                label { "结束时间"; input(.type("text"), .name("closes"), .value(typed.closes), .placeholder("2026-12-08 20:00")) }
                label { "每人作答分钟数"; input(.type("number"), .name("minutes"), .value(typed.minutes.map(String.init)), .min("1"), .max("180")) }
                fieldset(.class("full")) {
                    legend { "试卷组成（每人抽题不同，专题和难度相同）" }
                    for index in 0..<3 {
                        div(.class("row-form")) {
                            Forms.choice("专题", name: "partTopic[]", SelectOption.list(topics.map { (String($0.id), $0.name) },
                                                                                       selected: index < (typed.partTopic ?? []).count ? typed.partTopic?[index] : nil))
                            Forms.choice("难度", name: "partDifficulty[]", SelectOption.list(Difficulty.allCases.map { ($0.rawValue, $0.chinese) },
                                                                                          selected: index < (typed.partDifficulty ?? []).count ? typed.partDifficulty?[index] : "easy"))
                            label { "题数"; input(.type("number"), .name("partCount[]"), .min("0"), .max("50"),
                                                  .value(index < (typed.partCount ?? []).count ? typed.partCount?[index] : "0")) }
                        }
                    }
                }
                p(.class("muted small full")) { "答案和得分在竞赛结束后公布；结果按党组织统计参与率和平均分，不按用时排名。" }
                button(.class("primary")) { "发布" }
            }
        }
    }
}

extension QuizPages.ContestPage {
    var node: Node {
        Frame.page(layout) {
            nav(.class("breadcrumb")) { a(.href("/learning/quiz")) { "答题" } }
            div(.class("heading")) { h1 { view.contest.title } }
            Forms.errors(errors)
            section(.class("card")) {
                dl(.class("fields")) {
                    dt { "发布单位" }; dd { view.contest.organizationName }
                    dt { "时间" }; dd { "\(view.contest.opens) 至 \(view.contest.closes)" }
                    dt { "状态" }; dd { view.contest.phaseLabel }
                    dt { "试卷" }; dd { "\(view.contest.questions) 题，每人 \(view.contest.minutes) 分钟：" + view.parts.joined(separator: "；") }
                }
                if let attempt = view.contest.attemptID {
                    p {
                        a(.class("button"), .href("/learning/quiz/attempts/\(attempt)")) { view.contest.submitted ? "查看我的答卷" : "继续答题" }
                        if let percent = view.contest.percent { " 得分 \(percent)" }
                    }
                } else if view.contest.phase == .open {
                    form(.method("post"), .action("/learning/contests/\(view.contest.id)/start")) {
                        Forms.csrf(layout)
                        p(.class("muted small")) { "只能参加一次；开始后计时，到时未交卷不能再提交。" }
                        button(.class("primary")) { "开始答题" }
                    }
                }
            }
            if view.keeper {
                section(.class("card")) {
                    h2 { "各党组织参与情况" }
                    if view.contest.phase != .closed {
                        p(.class("muted")) { "竞赛结束后公布。" }
                    } else {
                        table(.class("list cards")) {
                            thead { tr { th { "党组织" }; th { "应参加" }; th { "已参加" }; th { "参与率" }; th { "平均分" } } }
                            tbody {
                                for row in view.results {
                                    tr {
                                        td(Attribute("data-label", "党组织")) { row.organizationName }
                                        td(Attribute("data-label", "应参加")) { String(row.eligible) }
                                        td(Attribute("data-label", "已参加")) { String(row.took) }
                                        td(Attribute("data-label", "参与率")) { "\(row.participationPercent)%" }
                                        td(Attribute("data-label", "平均分")) { row.averagePercent.map(String.init) ?? "—" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
