import APIContract
import Core
import Directory
import Foundation
import OpenAPIRuntime
import Scheduling

extension APIImplementation {

    package func rotateCalendarFeed(_ input: Operations.RotateCalendarFeed.Input) async throws -> Operations.RotateCalendarFeed.Output {
        let caller = try requireCaller()
        let secret = try await calendars.rotateFeed(for: caller.personID, by: .caller(caller))
        return .ok(.init(body: .json(.init(url: "/calendar/\(secret).ics"))))
    }

    package func getCalendarFeed(_ input: Operations.GetCalendarFeed.Input) async throws -> Operations.GetCalendarFeed.Output {
        let secret = input.path.feed.hasSuffix(".ics") ? String(input.path.feed.dropLast(4)) : input.path.feed
        guard let feed = try await calendars.feed(secret: secret) else { throw Problem.notFound("no calendar feed has this address") }
        return .ok(.init(body: .textCalendar(HTTPBody(feed))))
    }
}
