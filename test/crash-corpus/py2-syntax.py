# Python 2 code: print statements, backticks, old octal and except syntax.
import os
print "starting", `os.getpid()`
os.chmod("/srv/data", 0777)
try:
    exec "x = 1"
except Exception, e:
    print >>sys.stderr, e
