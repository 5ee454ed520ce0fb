build-asan/obj/src/cli/cmd_gitops.o: src/cli/cmd_gitops.c \
  include/cli/commands.h include/helm/env.h include/hp/error.h \
  include/cli/opts.h include/hp/util.h include/deploy/plan.h \
  include/secrets/memfile.h include/gitops/apps.h include/gitops/app.h \
  include/hp/buf.h include/gitops/outdir.h include/gitops/sops_detect.h \
  include/hp/file.h

include/cli/commands.h:

include/helm/env.h:

include/hp/error.h:

include/cli/opts.h:

include/hp/util.h:

include/deploy/plan.h:

include/secrets/memfile.h:

include/gitops/apps.h:

include/gitops/app.h:

include/hp/buf.h:

include/gitops/outdir.h:

include/gitops/sops_detect.h:

include/hp/file.h:
