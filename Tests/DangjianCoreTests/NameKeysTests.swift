import Testing
@testable import DangjianCore

@Suite("姓名检索：名字与拼音首字母")
struct NameKeysTests {
    @Test("a name's given name and initials", arguments: [
        // The example said “ysm”; 秀 reads xiù, so 余秀梅's initials are yxm.
        ("余秀梅", "秀梅", "yxm"),
        ("张伟", "伟", "zw"),
        ("欧阳修", "修", "oyx"),
        ("司马相如", "相如", "smxr"),
        ("诸葛亮", "亮", "zgl"),
        ("李", nil, "l"),
    ] as [(String, String?, String)])
    func keys(name: String, given: String?, initials: String) {
        let keys = NameKeys(name)
        #expect(keys.givenName == given)
        #expect(keys.initials == initials)
    }

    @Test("a surname is read as a surname, a given name by its common reading", arguments: [
        ("曾国藩", "zgf"), ("单雄信", "sxx"), ("仇英", "qy"), ("区永明", "oym"), ("解缙", "xj"), ("查良镛", "zly"),
        ("朴树", "ps"), ("翟志刚", "zzg"), ("覃振", "qz"), ("盖叫天", "gjt"), ("乐进", "yj"),
        ("尉迟恭", "ycg"), ("万俟卨", "mqx"), ("长孙无忌", "zswj"), ("单于兰", "cyl"),
        // Not a surname: 曾 in a given name keeps its common reading, céng.
        ("王曾", "wc"),
    ])
    func surnames(name: String, initials: String) {
        #expect(NameKeys(name).initials == initials)
    }

    @Test("a compound surname alone keeps no given name; a two-character name with one is split after one character")
    func shortCompound() {
        #expect(NameKeys("欧阳").givenName == "阳")
        #expect(NameKeys("欧阳娜娜").givenName == "娜娜")
    }

    @Test("names in several parts, Latin letters, stray spaces and rare characters")
    func otherScripts() {
        let uyghur = NameKeys("阿依古丽·买买提")
        #expect(uyghur.givenName == "买买提")
        #expect(uyghur.initials == "aygl" + "mmt")
        #expect(NameKeys("Anna").initials == "anna")
        #expect(NameKeys("Anna").givenName == nil)
        #expect(NameKeys(" 余秀梅 ") == NameKeys("余秀梅"))
        // 㐀 (U+3400, Extension A) has a reading; a character outside the table adds nothing rather than failing.
        #expect(NameKeys("王𠀀").initials == "w")
        #expect(NameKeys("").initials == "")
        #expect(NameKeys("").givenName == nil)
    }

    @Test("every character of the table reads as a letter or nothing, and common name characters all have one")
    func table() {
        #expect(NameKeys.table.count == 0x9FFF - 0x4E00 + 1 + 0x4DBF - 0x3400 + 1)
        #expect(NameKeys.table.allSatisfy { $0 == 0 || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        let common = "余王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            + "秀梅英华丽敏静芳娟霞燕玲桂兰凤红伟强军勇杰涛明超辉刚平建国文斌波志海鹏飞"
        for character in common { #expect(NameKeys.initial(of: character) != nil, "\(character)") }
    }

    @Test("a search text of ASCII letters is initials in any case; anything else a name's start")
    func query() {
        #expect(NameKeys.Query("YSM") == .initials("ysm"))
        #expect(NameKeys.Query(" ysm ") == .initials("ysm"))
        #expect(NameKeys.Query("秀梅") == .name("秀梅"))
        #expect(NameKeys.Query("余x") == .name("余x"))
    }
}
