def start = new GroovyShell().evaluate(new File(itLib, 'start-fake-langsmith.groovy'))
start(basedir, itLib, context.get("userProperties"), 'lsv2_fake_SECRET_123')
