import DangjianCore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// Signing in by QR code: the screen draws the current code's link, the phone opens it with the code filled in, and
/// the member is told which meeting they signed in to; a member's home shows a meeting open for sign-in now.
@Suite("Signing in by QR code")
struct SignInTests {
    @Test("the QR code carries the sign-in link of the current code, only for those who run the meeting, only while open")
    func qrCode() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            let planned = try await world.plannedThemeDay(token: token)
            let id = planned.summary.id
            let path = "/api/v1/activities/\(id)/signin.svg"
            #expect(try await world.send(.GET, path, token: token).status == .unprocessableEntity, "not open yet")
            #expect(try await world.send(.POST, "/api/v1/activities/\(id)/open", token: token).status == .ok)
            let code = try await world.currentCode(id)
            let answer = try await world.app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer \(token)", "Host": "10.0.0.8:8080"])
            #expect(answer.status == .ok && answer.headers.contentType?.subType == "svg+xml")
            #expect(answer.headers.first(name: .cacheControl)?.contains("no-store") == true)
            // The code may move on to the next two-minute window between these calls (a loaded machine): either is right.
            let later = try await world.currentCode(id)
            let title = "扫码签到：\(planned.summary.topic)"
            let expected = try Set([code, later].map { try QRCode("http://10.0.0.8:8080/checkin?code=\($0)").svg(title: title) })
            #expect(expected.contains(answer.body.string))
            let hostile = try await world.app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer \(token)",
                                                                                          "Host": "evil.example/<script>"])
            let pathOnly = try Set([code, later, try await world.currentCode(id)].map { try QRCode("/checkin?code=\($0)").svg(title: title) })
            #expect(pathOnly.contains(hostile.body.string))
            #expect(try await world.send(.GET, path, token: world.token("member")).status == .forbidden)

            let screen = try await world.browserLogin("branch-secretary").get("/activities/\(id)/screen")
            // The code may have moved on to the next two-minute window meanwhile (a loaded machine).
            let codes = [code, try await world.currentCode(id)]
            #expect(codes.contains { screen.body.string.contains("signin.svg?code=\($0)") } && screen.body.string.contains("全屏投影"))
            let projector = try await world.browserLogin("branch-secretary").get("/activities/\(id)/screen?projector=1")
            #expect(projector.body.string.contains("sign-in-screen projector") && projector.body.string.contains("退出投影"))
        }
    }

    @Test("the scanned link opens with the code filled in and names the meeting; after signing in the member is told which")
    func memberSignsIn() async throws {
        try await withWorld { world in
            let token = try await world.token("branch-secretary")
            // Hosted by the secretary: the host is present from the opening and is not asked to sign in.
            let response = try await world.send(.POST, "/api/v1/activities", token: token, json: [
                "organizationID": "\(try await world.organizationID("柳河镇东岗村党支部"))", "kind": "theme-day", "topic": "学习党章第三章",
                "date": world.app.dangjian.clock.today().description, "place": "村党群服务中心",
                "hostMemberID": "\(try await world.accountMember("branch-secretary").id!)",
            ])
            let planned = try response.content.decode(ActivityDetail.self)
            let id = planned.summary.id
            let member = try await world.browserLogin("member")
            #expect(!(try await member.get("/").body.string.contains("正在签到")), "nothing open yet")
            #expect(try await world.send(.POST, "/api/v1/activities/\(id)/open", token: token).status == .ok)

            let home = try await member.get("/").body.string
            #expect(home.contains("正在签到") && home.contains("学习党章第三章") && home.contains("href=\"/checkin\""))
            let code = try await world.currentCode(id)
            let form = try await member.get("/checkin?code=\(code)").body.string
            #expect(form.contains("value=\"\(code)\"") && form.contains("确认签到") && form.contains("正在签到：柳河镇东岗村党支部 主题党日“学习党章第三章”"))

            let wrong = try await member.post("/checkin", ["code": "00000"])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("value=\"00000\""), "a refused code stays in the box")
            let done = try await member.post("/checkin", ["code": code])
            let location = try #require(done.headers.first(name: .location))
            #expect(location == "/checkin?notice=signedIn&activity=\(id)")
            let confirmation = try await member.get(location).body.string
            #expect(confirmation.contains("已签到：") && confirmation.contains("学习党章第三章") && confirmation.contains(planned.summary.date.description))
            #expect(!(try await member.get("/").body.string.contains("正在签到")), "signed in: no longer asked")

            // Someone not on the meeting's list learns nothing from its number.
            let other = try await world.browserLogin("county-admin").get("/checkin?notice=signedIn&activity=\(id)")
            #expect(!other.body.string.contains("学习党章第三章"))
        }
    }
}
