from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from parkops.site.menu import landing_for


@login_required
def home(request):
    return redirect(landing_for(request.user))
