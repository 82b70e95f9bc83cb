import java.nio.ByteBuffer
import java.nio.charset.CodingErrorAction
import java.nio.charset.StandardCharsets

def checks = new GroovyShell().evaluate(new File(itLib, 'checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('LangSmith report: 2 test(s): 2 passed, 0 failed, 0 skipped, pass rate 100.0%')

def bytes = new File(basedir, 'target/langsmith/report.html').bytes
// strict decoding: a surrogate cut in half would have been written as '?' or fail here
def html = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString()
assert html.contains('capital of France 🇫🇷 🚀')
assert html.contains('Paris 🗼👍🏽') && html.contains('spot on 🎯')
assert html.contains('it-report-emoji 🚀')
assert html.contains('(cut: ') // the long output was cut, on a code point
assert !html.contains('\uFFFD') && !html.contains('?\u2026')
checks.noSecret(basedir, 'lsv2_fake_SECRET_123')
true
