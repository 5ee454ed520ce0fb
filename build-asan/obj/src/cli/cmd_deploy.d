build-asan/obj/src/cli/cmd_deploy.o: src/cli/cmd_deploy.c \
  /usr/include/cjson/cJSON.h include/cli/commands.h include/helm/env.h \
  include/hp/error.h include/cli/opts.h include/hp/util.h \
  include/deploy/helmver.h include/deploy/plan.h \
  include/secrets/memfile.h include/deploy/report.h \
  include/deploy/runner.h include/hp/buf.h include/deploy/status.h \
  include/deploy/values.h

/usr/include/cjson/cJSON.h:

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/cli/opts.h:

include/hp/util.h:

include/deploy/helmver.h:

include/deploy/plan.h:

include/secrets/memfile.h:

include/deploy/report.h:

include/deploy/runner.h:

include/hp/buf.h:

include/deploy/status.h:

include/deploy/values.h:
