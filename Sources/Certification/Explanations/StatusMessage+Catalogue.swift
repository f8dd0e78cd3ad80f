/// Every sentence a certification status explains itself with, Latvian beside English. `{name}` is a value of
/// the message; both languages use the same names (StatusMessageTests checks them). The compiler checks that
/// every code has its sentences.
extension StatusMessage {
    static func catalogue(_ code: Code) -> Bilingual {
        switch code {
        case .recordCountsInitial: Bilingual(
            lv: "Sākotnējās prasības izpildē ieskaita: {title} ({course}, {date}, {hours} akad. st.).",
            en: "{title} ({course}, {date}, {hours} academic hours) counts towards the initial requirement.")
        case .recordCountsRecertification: Bilingual(
            lv: "{number}. resertifikācijā ieskaita: {title} ({course}, {date}, {hours} akad. st.).",
            en: "{title} ({course}, {date}, {hours} academic hours) counts towards recertification {number}.")
        case .decisionRecorded: Bilingual(
            lv: "{body}: lēmums pieņemts {date} ({reference}).",
            en: "{body} decided on {date} ({reference}).")
        case .initialDue: Bilingual(
            lv: "Sākotnējā prasība jāizpilda līdz {date}.",
            en: "The initial requirement is due by {date}.")
        case .initialNotMet: Bilingual(
            lv: "Sākotnējā prasība bija jāizpilda līdz {date} un tā nav izpildīta.",
            en: "The initial requirement was due by {date} and is not met.")
        case .carriedCertification: Bilingual(
            lv: "Sertifikācija, kas derīga līdz {until} ({grantedScheme} {grantedVersion}. versija), saglabājas arī pēc tam, kad {date} "
                + "{scheme} aizstāja {replaced}; resertifikācijai saskaņā ar {scheme} ieskaita mācības no {countsFrom}.",
            en: "Certified until {until} under {grantedScheme} version {grantedVersion}, carried over when {scheme} replaced {replaced} on "
                + "{date}; training from {countsFrom} counts towards recertifying under {scheme}.")
        case .carriedNotStarted: Bilingual(
            lv: "Kad {scheme} {date} aizstāja {replaced} ({version}. versija), sākotnējā prasība vēl nebija uzsākta: {scheme} prasība "
                + "jāizpilda līdz {replaced} noteiktajam termiņam, {deadline}.",
            en: "Not started under {replaced} version {version} when {scheme} replaced it on {date}: {scheme}'s requirement is due by the "
                + "deadline {replaced} set, {deadline}.")
        case .carriedInProgress: Bilingual(
            lv: "Kad {scheme} {date} aizstāja {replaced} ({version}. versija), sākotnējā prasība bija izpildes procesā: {scheme} prasība "
                + "jāizpilda līdz {replaced} noteiktajam termiņam, {deadline}.",
            en: "In progress under {replaced} version {version} when {scheme} replaced it on {date}: {scheme}'s requirement is due by the "
                + "deadline {replaced} set, {deadline}.")
        case .carriedOverdue: Bilingual(
            lv: "Kad {scheme} {date} aizstāja {replaced} ({version}. versija), sākotnējās prasības termiņš jau bija nokavēts: {scheme} "
                + "prasība bija jāizpilda līdz {replaced} noteiktajam termiņam, {deadline}.",
            en: "Overdue under {replaced} version {version} when {scheme} replaced it on {date}: {scheme}'s requirement was due by the "
                + "deadline {replaced} set, {deadline}.")
        case .firstCycle: Bilingual(
            lv: "Amatā jau pirms {scheme} stāšanās spēkā {date}: pirmais cikls sākas ar šo dienu.",
            en: "In post before {scheme} took effect on {date}: the first cycle runs from then.")
        case .recertifiedLate: Bilingual(
            lv: "{number}. resertifikācija izpildīta pēc derīguma beigām {expiry}; jaunais cikls sākas {date}.",
            en: "Recertification {number} came after the expiry on {expiry}; the new cycle starts from {date}.")
        case .certifiedUntil: Bilingual(
            lv: "Sertifikācija derīga līdz {until} ({scheme} {version}. versija); resertifikācija iespējama no {opens}.",
            en: "Certified until {until} under {scheme} version {version}; recertification opens on {opens}.")
        case .certifiedUntilPassed: Bilingual(
            lv: "Sertifikācija bija derīga līdz {until} ({scheme} {version}. versija); šis termiņš ir pagājis.",
            en: "Certified until {until} under {scheme} version {version}; that has passed.")
        case .progressSoFar: Bilingual(
            lv: "Nākamajai resertifikācijai līdz šim: {hours} akad. st. ({titles}).",
            en: "Towards the next recertification: {hours} academic hours so far ({titles}).")
        case .suspended: Bilingual(
            lv: "Inspekcija sertifikāciju apturējusi no {date}: {reason}.",
            en: "Suspended by the inspectorate from {date}: {reason}.")
        case .suspendedWithCertificate: Bilingual(
            lv: "Inspekcija sertifikāciju apturējusi no {date} (sertifikāts {certificate}): {reason}.",
            en: "Suspended by the inspectorate from {date}, with certificate {certificate}: {reason}.")
        case .revoked: Bilingual(
            lv: "Inspekcija sertifikāciju atsaukusi no {date}: {reason}.",
            en: "Revoked by the inspectorate from {date}: {reason}.")
        case .revokedWithCertificate: Bilingual(
            lv: "Inspekcija sertifikāciju atsaukusi no {date} (sertifikāts {certificate}): {reason}.",
            en: "Revoked by the inspectorate from {date}, with certificate {certificate}: {reason}.")
        case .certificateWithdrawnReplaced: Bilingual(
            lv: "Sertifikāts {certificate} {date} atsaukts kā kļūdaini izsniegts ({reason}); to aizstāj sertifikāts {replacement}.",
            en: "Certificate {certificate} was withdrawn on {date} as issued in error ({reason}); certificate {replacement} replaces it.")
        case .certificateWithdrawnNotReplaced: Bilingual(
            lv: "Sertifikāts {certificate} {date} atsaukts kā kļūdaini izsniegts ({reason}); jauns sertifikāts tā vietā vēl nav izsniegts.",
            en: "Certificate {certificate} was withdrawn on {date} as issued in error ({reason}); no replacement has been issued yet.")
        case .missingCourse: Bilingual(
            lv: "jāpabeidz {course}",
            en: "complete {course}")
        case .missingHoursFrom: Bilingual(
            lv: "vēl {hours} akad. st. no {courses}",
            en: "{hours} more academic hours from {courses}")
        case .missingHoursEligible: Bilingual(
            lv: "vēl {hours} akad. st. no ieskaitāmiem kursiem",
            en: "{hours} more academic hours from eligible courses")
        case .missingCategoryHours: Bilingual(
            lv: "vēl {hours} akad. st. tēmā “{category}” ({courses})",
            en: "{hours} more academic hours of {category} ({courses})")
        case .missingDecision: Bilingual(
            lv: "jāsaņem lēmums: {body}",
            en: "a decision of {body}")
        case .missingDecisionRefused: Bilingual(
            lv: "jāsaņem lēmums: {body} ({date} tas nebija pozitīvs, {reference})",
            en: "a decision of {body} (on {date} it was not passed, {reference})")
        case .dueBy: Bilingual(
            lv: "līdz {date}",
            en: "by {date}")
        case .dueOverdueInitial: Bilingual(
            lv: "pēc iespējas drīzāk (termiņš bija {date})",
            en: "as soon as possible (the deadline was {date})")
        case .dueGraceEnd: Bilingual(
            lv: "līdz {date} (pagarinājuma laika beigas)",
            en: "by {date} (the grace period's end)")
        case .dueExpired: Bilingual(
            lv: "pēc iespējas drīzāk (derīgums beidzās {date})",
            en: "as soon as possible (it expired on {date})")
        }
    }
}
