/// Name material for the demo county: common surnames in rough order of frequency and given-name characters
/// typical of each generation. Every person generated from it is fictional.
enum DemoNames {
    static let surnames: [String] = Array(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔向汤"
    ).map(String.init)

    static let olderMale = ["建国", "建军", "国庆", "卫东", "卫国", "志强", "红旗", "保国", "振华", "德明", "学文", "长青",
                            "新民", "富贵", "双喜", "金山", "玉林", "守成", "树林", "广才", "文革", "跃进", "解放", "永生"]
    static let olderFemale = ["秀英", "桂英", "秀兰", "桂兰", "玉兰", "秀珍", "凤英", "淑珍", "玉梅", "秀梅", "玉珍", "凤兰",
                              "桂芝", "素芬", "翠花", "春梅", "冬梅", "金凤", "玉芳", "淑兰"]
    static let maleCharacters = Array("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁建国峰志文海林东俊亮成永健春德庆新光宏振家福生祥荣学胜兵良金忠全义山江").map(String.init)
    static let femaleCharacters = Array("芳娜敏静丽艳娟霞秀玲桂英华梅兰萍红燕琳洁婷雪慧莉倩晶颖丹佳欣怡悦雨萱思晓文玉凤琴云春月彩淑").map(String.init)
    static let youngMale = ["子轩", "浩然", "宇航", "梓豪", "思远", "一鸣", "俊杰", "博文", "泽宇", "皓轩", "天宇", "明哲", "睿", "晨", "航", "凯"]
    static let youngFemale = ["梓涵", "欣怡", "诗涵", "雨萱", "可馨", "佳琪", "思彤", "语桐", "若曦", "婧", "瑶", "琪", "悦", "涵"]

    static let villageSuffixes = ["庄", "寨", "楼", "集", "营", "屯", "店", "湾", "岗", "桥", "铺", "洼", "园", "坡"]
    static let villageScenic = ["东岗", "西岗", "柳树湾", "北湖", "南河", "大营", "小营", "高庙", "双井", "三里", "五里铺",
                                "七里桥", "八里庄", "枣林", "杏花", "梨园", "桃园", "河西", "河东", "石门", "白马", "青龙",
                                "金沙", "银杏", "龙泉", "凤凰", "太平", "和平", "兴隆", "永安", "长乐", "丰收", "红旗",
                                "胜利", "光明", "团结", "朝阳", "前进", "新庄", "古城"]
    static let communities = ["人民路", "文化路", "建设路", "解放路", "东关", "西关", "南关", "北关", "滨河", "府前",
                              "花园", "育才", "锦绣", "书院", "迎宾", "南湖", "车站", "新城"]
}
