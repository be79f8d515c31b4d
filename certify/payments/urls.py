from django.urls import path

from certify.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("enrollment/<slug:slug>/", views.enrollment_start, name="enrollment_start"),
    path("invoices/<str:code>/", views.invoice_detail, name="invoice"),
    path("invoices/<str:code>/pay/", views.invoice_pay, name="pay"),
    path("invoices/<str:code>/paid/", views.invoice_paid, name="paid"),
    path("invoices/<str:code>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("receipts/<int:pk>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("invoices/<str:code>/payments/", views.payment_record, name="payment_record"),
    path("invoices/<str:code>/refunds/", views.refund_create, name="refund_create"),
    path("staff/invoices/", views.staff_invoices, name="staff_invoices"),
    path("staff/payments/", views.staff_payments, name="staff_payments"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
