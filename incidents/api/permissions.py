"""Who may do what through the API: anyone may read; nobody may write."""

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """Allow GET, HEAD and OPTIONS only.

    Any other method is answered 405 Method Not Allowed, not 403: no endpoint of this API
    writes, for anyone, so the method itself is what is wrong. (DRF checks permissions before
    it looks for a handler, so returning False here would give 403.)
    """

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        raise MethodNotAllowed(request.method)

    def has_object_permission(self, request, view, obj):
        return self.has_permission(request, view)
