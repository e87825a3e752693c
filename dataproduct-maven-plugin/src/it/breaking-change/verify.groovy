def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains("product 'orders' 1.0.0 -> 1.1.0, port 'orders-lake', contract 'orders' 1.0.0 -> 1.1.0: field 'amount': removed")
assert log.contains('a breaking change needs a new major contract version: publish it as 2.0.0')
assert log.contains("Field 'customer' of contract 'orders' is string but glossary term 'customer_id' is integer")
assert log.contains('2 data product problem(s)')
return true
