/// A message's bytes as the DATA command sends them (RFC 5321 §4.5.2): every line break CRLF (a bare CR or LF
/// becomes one, so nothing can smuggle an end of data past a server), a `.` doubled at the start of a line, and
/// the final `.` line.
enum SMTPData {
    static func encode(_ message: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var previousWasCR = false
        for byte in message {
            switch byte {
            case UInt8(ascii: "\r"):
                output += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
                atLineStart = true
                previousWasCR = true
                continue
            case UInt8(ascii: "\n"):
                if !previousWasCR { output += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
                atLineStart = true
            default:
                if atLineStart, byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
                output.append(byte)
                atLineStart = false
            }
            previousWasCR = false
        }
        if !atLineStart { output += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
        output += Array(".\r\n".utf8)
        return output
    }
}
