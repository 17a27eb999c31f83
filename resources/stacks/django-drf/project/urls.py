from django.http import JsonResponse
from django.urls import path

from items import views

item_list = views.ItemViewSet.as_view({"get": "list", "post": "create"})
item_detail = views.ItemViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"})

urlpatterns = [
    path("hello", views.hello),
    path("echo", views.echo),
    path("items/", item_list),
    path("items/<int:pk>", item_detail),
]


# Django's own error pages are HTML; the contract wants JSON everywhere.
def not_found(request, exception):
    return JsonResponse({"detail": "Not found."}, status=404)


def bad_request(request, exception):
    return JsonResponse({"detail": "Bad request."}, status=400)


def server_error(request):
    return JsonResponse({"detail": "Server error."}, status=500)


handler404 = not_found
handler400 = bad_request
handler500 = server_error
