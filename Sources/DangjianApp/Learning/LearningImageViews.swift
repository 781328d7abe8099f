import DangjianCore
import DangjianHTML

/// The keeping page's forms for pictures: the course's 封面, and each 图文 or document lesson's 配图 with the number
/// that places it in the text.
extension LibraryParts {
    static func posterForm(_ layout: Layout, course: Int, posterURL: String?, errors: [FieldError]) -> Node {
        section(.class("card"), .id("poster")) {
            h2 { "封面" }
            Forms.errors(errors)
            if let posterURL { poster(posterURL) } else { p(.class("muted")) { "还没有封面：课程卡片和电视上只显示名称。" } }
            form(.method("post"), .action("/learning/manage/courses/\(course)/poster"), .enctype("multipart/form-data"), .class("row-form")) {
                Forms.csrf(layout)
                label { (posterURL == nil ? "上传" : "更换") + "封面（JPG、PNG，横幅 16:9 最好，最大 5 MB）"
                    input(.type("file"), .name("file"), .accept("image/jpeg,image/png,image/gif,image/webp"), .required()) }
                button { "上传" }
            }
        }
    }

    static func lessonImages(_ layout: Layout, lesson: Int, images: [LearningImages.Image], errors: [FieldError]) -> Node {
        details(.class("image-form"), Attribute("open", errors.isEmpty ? nil : "open")) {
            summary { images.isEmpty ? "配图" : "配图（\(images.count) 张）" }
            Forms.errors(errors)
            if !images.isEmpty {
                ul(.class("image-list")) {
                    for image in images {
                        li {
                            img(.src(image.url), .alt(image.caption ?? "图\(image.number)"), .class("thumbnail"), Attribute("loading", "lazy"))
                            span { "图\(image.number)" + (image.caption.map { "：\($0)" } ?? "") }
                            form(.method("post"), .action("/learning/manage/lessons/\(lesson)/images/\(image.id)/delete"), .class("inline")) {
                                Forms.csrf(layout)
                                button(.class("link danger")) { "删除" }
                            }
                        }
                    }
                }
            }
            p(.class("muted small")) { "正文中单独一段写“[图1]”，第 1 张图片就显示在那里；没有写的图片显示在正文之后。" }
            form(.method("post"), .action("/learning/manage/lessons/\(lesson)/images"), .enctype("multipart/form-data"), .class("row-form")) {
                Forms.csrf(layout)
                label { "图片（JPG、PNG，最大 5 MB）"; input(.type("file"), .name("file"), .accept("image/jpeg,image/png,image/gif,image/webp"), .required()) }
                label { "说明（可不填）"; input(.type("text"), .name("caption"), .maxlength("60")) }
                button { "添加图片" }
            }
        }
    }
}
